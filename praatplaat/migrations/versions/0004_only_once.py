"""only once: one own theme per title in a conversation

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-01 14:50:00.000000

Every other "only once" promise already has its unique constraint (0001, 0003): picks (participant, theme),
answers (participant, theme, question), votes (participant, proposal), decisions (conversation, proposal),
reviews (conversation, round, proposal), closing answers (participant), agenda items (conversation, theme),
participants (conversation, join submission). This adds the missing one for own themes: a `title_key` (the
title casefolded, white space collapsed, without a closing full stop or exclamation mark), unique per
conversation. Older rows get theirs here; duplicates that races made before keep their own key (with the
row id), so nothing is lost and no new duplicate can arise.
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None


def _title_key(title: str) -> str:
    # praatplaat.merge.normalise as it was when this migration was written (a migration does not change).
    return " ".join(title.casefold().split()).rstrip(".!")[:200]


def upgrade():
    with op.batch_alter_table('own_theme', schema=None) as batch_op:
        batch_op.add_column(sa.Column('title_key', sa.String(length=220), nullable=False, server_default=''))

    own_theme = sa.table('own_theme', sa.column('id', sa.Integer), sa.column('conversation_id', sa.Integer),
                         sa.column('title', sa.String), sa.column('title_key', sa.String))
    connection = op.get_bind()
    seen = set()
    rows = connection.execute(sa.select(own_theme.c.id, own_theme.c.conversation_id, own_theme.c.title)
                              .order_by(own_theme.c.id)).all()
    for row_id, conversation_id, title in rows:
        key = _title_key(title or "")
        if (conversation_id, key) in seen:
            key = f"{key[:200]}#{row_id}"
        seen.add((conversation_id, key))
        connection.execute(sa.update(own_theme).where(own_theme.c.id == row_id).values(title_key=key))

    with op.batch_alter_table('own_theme', schema=None) as batch_op:
        batch_op.create_unique_constraint(batch_op.f('uq_own_theme_conversation_id_title_key'),
                                          ['conversation_id', 'title_key'])


def downgrade():
    with op.batch_alter_table('own_theme', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('uq_own_theme_conversation_id_title_key'), type_='unique')
        batch_op.drop_column('title_key')
