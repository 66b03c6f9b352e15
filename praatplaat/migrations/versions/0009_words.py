"""words across languages: tapped sentences, the detected language of a text, a person's translation

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-01 21:20:00

"""
import json

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0009'
down_revision = '0008'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('answer', schema=None) as batch_op:
        batch_op.add_column(sa.Column('sentences', sa.Text(), nullable=False, server_default=''))
        batch_op.add_column(sa.Column('language_known', sa.Boolean(), nullable=False, server_default=sa.true()))
    op.create_table(
        'translation',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('answer_id', sa.Integer(), nullable=False),
        sa.Column('language', sa.String(length=8), nullable=False),
        sa.Column('text', sa.Text(), nullable=False),
        sa.Column('participant_id', sa.Integer(), nullable=True),
        sa.Column('role', sa.String(length=20), nullable=False),
        sa.Column('disputed', sa.Boolean(), nullable=False, server_default=sa.false()),
        sa.Column('created_at', sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(['answer_id'], ['answer.id'], ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['participant_id'], ['participant.id'], ondelete='SET NULL'),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('answer_id', 'language'),
    )
    with op.batch_alter_table('translation', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_translation_answer_id'), ['answer_id'], unique=False)
    _fill_snapshots()


def _fill_snapshots():
    """Lists kept from earlier rounds get the new export fields, so they still follow the schema: a written answer
    has tapped no ready sentences, its language was the writer's menu language (taken as known, as it was shown),
    and nobody translated anything."""
    bind = op.get_bind()
    snapshots = sa.table('round_snapshot', sa.column('id', sa.Integer), sa.column('data', sa.Text))
    for row_id, data in bind.execute(sa.select(snapshots.c.id, snapshots.c.data)).all():
        value = json.loads(data)
        texts = [*value.get("goals", ()), *value.get("expectations", ())]
        for theme in value.get("themes", ()):
            texts += [*theme.get("strengths", ()), *theme.get("ideas", ()), *theme.get("helps", ())]
            for proposal in (*theme.get("agreements", ()), *theme.get("to_discuss", ())):
                proposal.setdefault("what_translations", [])
        for text in texts:
            text.setdefault("language_known", True)
            text.setdefault("sentences", [])
            text.setdefault("translations", [])
        bind.execute(snapshots.update().where(snapshots.c.id == row_id).values(
            data=json.dumps(value, ensure_ascii=False)))


def downgrade():
    with op.batch_alter_table('translation', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_translation_answer_id'))
    op.drop_table('translation')
    with op.batch_alter_table('answer', schema=None) as batch_op:
        batch_op.drop_column('language_known')
        batch_op.drop_column('sentences')
