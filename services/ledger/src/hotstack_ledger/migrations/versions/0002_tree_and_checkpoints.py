"""ledger_heads keeps the Merkle frontier and root; ledger_checkpoints keeps signed notes

Revision ID: 0002
"""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"

EMPTY_ROOT = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"


def upgrade() -> None:
    with op.batch_alter_table("ledger_heads") as table:
        table.add_column(sa.Column("frontier", sa.Text, nullable=False, server_default=""))
        table.add_column(
            sa.Column("root", sa.String(64), nullable=False, server_default=EMPTY_ROOT)
        )
    op.create_table(
        "ledger_checkpoints",
        sa.Column("tenant_id", sa.String(64), primary_key=True),
        sa.Column("size", sa.BigInteger, primary_key=True, autoincrement=False),
        sa.Column("root", sa.String(64), nullable=False),
        sa.Column("note", sa.Text, nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("ledger_checkpoints")
    with op.batch_alter_table("ledger_heads") as table:
        table.drop_column("root")
        table.drop_column("frontier")
