"""payments.page_count: what a revision of a paid site is charged against

Revision ID: 0004
"""

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"


def upgrade() -> None:
    with op.batch_alter_table("payments") as table:
        table.add_column(sa.Column("page_count", sa.Integer, nullable=False, server_default="1"))


def downgrade() -> None:
    with op.batch_alter_table("payments") as table:
        table.drop_column("page_count")
