"""outbox, inbox and a small table for tests

Revision ID: 0001
"""

import sqlalchemy as sa
from alembic import op

from hotstack_libs.bus import create_platform_tables

revision = "0001"
down_revision = None


def upgrade() -> None:
    create_platform_tables()
    op.create_table(
        "effects",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("event_id", sa.String(128), nullable=False),
        sa.Column("note", sa.String(200), nullable=False),
    )


def downgrade() -> None:
    for table in ("effects", "inbox", "outbox"):
        op.drop_table(table)
