"""ledger_entries, ledger_heads, outbox, inbox

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
        "ledger_entries",
        sa.Column("tenant_id", sa.String(64), primary_key=True),
        sa.Column("seq", sa.BigInteger, primary_key=True, autoincrement=False),
        sa.Column("event_id", sa.String(128), nullable=False, unique=True),
        sa.Column("event_type", sa.String(255), nullable=False),
        sa.Column("entry", sa.LargeBinary, nullable=False),
        sa.Column("previous_hash", sa.String(64), nullable=False),
        sa.Column("hash", sa.String(64), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.UniqueConstraint("tenant_id", "previous_hash", name="uq_ledger_entries_link"),
    )
    op.create_table(
        "ledger_heads",
        sa.Column("tenant_id", sa.String(64), primary_key=True),
        sa.Column("size", sa.BigInteger, nullable=False),
        sa.Column("head_hash", sa.String(64), nullable=False),
    )


def downgrade() -> None:
    for table in ("ledger_heads", "ledger_entries", "inbox", "outbox"):
        op.drop_table(table)
