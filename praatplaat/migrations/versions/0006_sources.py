"""faithful to the sources: five questions, reachability, tips

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-01 18:00:00

The praatplaat's "Hoe zou dat beter kunnen?" and "Wat helpt ons om (beter) samen te werken, met én voor
het kind?" were one step ("ideas") and are two now ("ideas" and "helps"). An answer to the old, joined step
keeps its words under "ideas" (its first half, so nothing moves or is lost) and counts as answered for the
new step too: an empty "helps" row, so a person in the middle of a conversation is not sent back.
Lists kept from earlier rounds get the export's new fields, empty, so they still follow the schema.
"""
import json

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0006'
down_revision = '0005'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('conversation', schema=None) as batch_op:
        batch_op.add_column(sa.Column('reachable', sa.Text(), nullable=False, server_default=''))
        batch_op.add_column(sa.Column('reachable_language', sa.String(length=8), nullable=False,
                                      server_default='nl'))
    with op.batch_alter_table('closing_answer', schema=None) as batch_op:
        batch_op.add_column(sa.Column('tips', sa.Text(), nullable=False, server_default=''))
    op.get_bind().execute(sa.text(
        "INSERT INTO answer (participant_id, theme_key, question, text, language, updated_at, approved)"
        " SELECT old.participant_id, old.theme_key, 'helps', '', old.language, old.updated_at, :no"
        " FROM answer AS old WHERE old.question = 'ideas' AND NOT EXISTS (SELECT 1 FROM answer AS new"
        " WHERE new.participant_id = old.participant_id AND new.theme_key = old.theme_key"
        " AND new.question = 'helps')"), {"no": False})
    _fill_snapshots()


def _fill_snapshots():
    """Earlier rounds' lists (export JSON) get helps, tips, expectations and reachable, empty."""
    snapshots = sa.table('round_snapshot', sa.column('id', sa.Integer), sa.column('data', sa.Text))
    bind = op.get_bind()
    for row_id, data in bind.execute(sa.select(snapshots.c.id, snapshots.c.data)).all():
        value = json.loads(data)
        value.setdefault("expectations", [])
        value.setdefault("reachable", None)
        for theme in value.get("themes", ()):
            theme.setdefault("helps", [])
        for item in value.get("closing", ()):
            item.setdefault("tips", "")
        bind.execute(snapshots.update().where(snapshots.c.id == row_id).values(
            data=json.dumps(value, ensure_ascii=False)))


def downgrade():
    op.get_bind().execute(sa.text("DELETE FROM answer WHERE question = 'helps' AND text = ''"))
    with op.batch_alter_table('closing_answer', schema=None) as batch_op:
        batch_op.drop_column('tips')
    with op.batch_alter_table('conversation', schema=None) as batch_op:
        batch_op.drop_column('reachable_language')
        batch_op.drop_column('reachable')
