"""payments keeps the preview of the build it is for, which the checkout page links to

Revision ID: 0003
"""

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"


def upgrade() -> None:
    with op.batch_alter_table("payments") as table:
        table.add_column(sa.Column("preview_url", sa.String(1024), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("payments") as table:
        table.drop_column("preview_url")
