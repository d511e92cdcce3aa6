"""builds.unpublished_at: a site its tenant took down

Revision ID: 0002
"""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"


def upgrade() -> None:
    with op.batch_alter_table("builds") as table:
        table.add_column(sa.Column("unpublished_at", sa.DateTime(timezone=True), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("builds") as table:
        table.drop_column("unpublished_at")
