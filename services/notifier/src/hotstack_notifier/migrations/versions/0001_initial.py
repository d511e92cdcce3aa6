"""contacts, notifications, outbox, inbox

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
        "contacts",
        sa.Column("upload_id", sa.String(64), primary_key=True),
        sa.Column("tenant_id", sa.String(64), nullable=False, index=True),
        sa.Column("email", sa.String(254), nullable=True),
        sa.Column("site_name", sa.String(200), nullable=True),
        sa.Column("preview_url", sa.String(1024), nullable=True),
    )
    op.create_table(
        "notifications",
        sa.Column("id", sa.String(64), primary_key=True),
        sa.Column("tenant_id", sa.String(64), nullable=False, index=True),
        sa.Column("upload_id", sa.String(64), nullable=False),
        sa.Column("channel", sa.String(16), nullable=False),
        sa.Column("recipient", sa.String(254), nullable=False),
        sa.Column("kind", sa.String(40), nullable=False),
        sa.Column("subject", sa.String(300), nullable=False),
        sa.Column("about_event_id", sa.String(128), nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.UniqueConstraint("about_event_id", "channel", "recipient"),
    )


def downgrade() -> None:
    for table in ("notifications", "contacts", "inbox", "outbox"):
        op.drop_table(table)
