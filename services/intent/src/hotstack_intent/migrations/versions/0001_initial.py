"""intents, outbox, inbox

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
        "intents",
        sa.Column("id", sa.String(64), primary_key=True),
        sa.Column("upload_id", sa.String(64), nullable=False, unique=True),
        sa.Column("tenant_id", sa.String(64), nullable=False, index=True),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("extractor", sa.String(32), nullable=True),
        sa.Column("intent_json", sa.Text, nullable=True),
        sa.Column("spec_json", sa.Text, nullable=True),
        sa.Column("failure_code", sa.String(64), nullable=True),
        sa.Column("failure_reason", sa.Text, nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    )


def downgrade() -> None:
    for table in ("intents", "inbox", "outbox"):
        op.drop_table(table)
