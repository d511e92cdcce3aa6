"""journal_transactions, postings, provider_events

Revision ID: 0002
"""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"


def upgrade() -> None:
    op.create_table(
        "journal_transactions",
        sa.Column("id", sa.String(64), primary_key=True),
        sa.Column("tenant_id", sa.String(64), nullable=False, index=True),
        sa.Column(
            "payment_id", sa.String(64), sa.ForeignKey("payments.id"), nullable=False, index=True
        ),
        sa.Column("kind", sa.String(32), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_table(
        "postings",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column(
            "transaction_id",
            sa.String(64),
            sa.ForeignKey("journal_transactions.id"),
            nullable=False,
            index=True,
        ),
        sa.Column("tenant_id", sa.String(64), nullable=False, index=True),
        sa.Column("account", sa.String(32), nullable=False),
        sa.Column("debit_grains", sa.BigInteger, nullable=False),
        sa.Column("credit_grains", sa.BigInteger, nullable=False),
        sa.CheckConstraint(
            "debit_grains >= 0 AND credit_grains >= 0"
            " AND (debit_grains = 0) <> (credit_grains = 0)",
            name="one_sided_positive",
        ),
    )
    op.create_table(
        "provider_events",
        sa.Column("provider", sa.String(32), primary_key=True),
        sa.Column("event_id", sa.String(128), primary_key=True),
        sa.Column("received_at", sa.DateTime(timezone=True), nullable=False),
    )


def downgrade() -> None:
    for table in ("provider_events", "postings", "journal_transactions"):
        op.drop_table(table)
