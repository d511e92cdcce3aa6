"""payments, payment_transitions, idempotency_keys, outbox, inbox

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
        "payments",
        sa.Column("id", sa.String(64), primary_key=True),
        sa.Column("tenant_id", sa.String(64), nullable=False, index=True),
        sa.Column("build_id", sa.String(64), nullable=False, unique=True),
        sa.Column("upload_id", sa.String(64), nullable=False),
        sa.Column("site_name", sa.String(200), nullable=False),
        sa.Column("amount_grains", sa.BigInteger, nullable=False),
        sa.Column("care_loop_grains", sa.BigInteger, nullable=False),
        sa.Column("total_grains", sa.BigInteger, nullable=False),
        sa.Column("currency", sa.String(3), nullable=False),
        sa.Column("status", sa.String(32), nullable=False),
        sa.Column("checkout_url", sa.String(1024), nullable=False),
        sa.Column("provider", sa.String(32), nullable=False),
        sa.Column("provider_reference", sa.String(64), nullable=True),
        sa.Column("failure_code", sa.String(64), nullable=True),
        sa.Column("failure_message", sa.String(500), nullable=True),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint("total_grains = amount_grains + care_loop_grains", name="total_is_sum"),
        sa.CheckConstraint(
            "amount_grains >= 0 AND care_loop_grains >= 0", name="amounts_not_negative"
        ),
    )
    op.create_table(
        "payment_transitions",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column(
            "payment_id", sa.String(64), sa.ForeignKey("payments.id"), nullable=False, index=True
        ),
        sa.Column("from_status", sa.String(32), nullable=True),
        sa.Column("to_status", sa.String(32), nullable=False),
        sa.Column("cause", sa.String(200), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_table(
        "idempotency_keys",
        sa.Column("tenant_id", sa.String(64), primary_key=True),
        sa.Column("key", sa.String(255), primary_key=True),
        sa.Column("payment_id", sa.String(64), nullable=False),
        sa.Column("request_hash", sa.String(64), nullable=False),
        sa.Column("response_status", sa.Integer, nullable=False),
        sa.Column("response_body", sa.Text, nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    )


def downgrade() -> None:
    for table in ("idempotency_keys", "payment_transitions", "payments", "inbox", "outbox"):
        op.drop_table(table)
