"""ledger_checkpoints keeps the witness's cosignature lines beside each signed note

Revision ID: 0004
"""

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"


def upgrade() -> None:
    with op.batch_alter_table("ledger_checkpoints") as table:
        table.add_column(sa.Column("cosignatures", sa.Text, nullable=False, server_default=""))


def downgrade() -> None:
    with op.batch_alter_table("ledger_checkpoints") as table:
        table.drop_column("cosignatures")
