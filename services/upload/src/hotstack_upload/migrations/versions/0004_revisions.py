"""upload_revisions: the changes a tenant asked for; upload_sessions.revision counts them

Revision ID: 0004
"""

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"


def upgrade() -> None:
    with op.batch_alter_table("upload_sessions") as table:
        table.add_column(sa.Column("revision", sa.Integer, nullable=False, server_default="0"))
    op.create_table(
        "upload_revisions",
        sa.Column(
            "upload_id", sa.String(64), sa.ForeignKey("upload_sessions.id"), primary_key=True
        ),
        sa.Column("number", sa.Integer, primary_key=True),
        sa.Column("prompt", sa.Text, nullable=False),
        sa.Column("file_id", sa.String(64), sa.ForeignKey("files.id"), nullable=False),
        sa.Column("idempotency_key", sa.String(255), nullable=True),
        sa.Column("request_hash", sa.String(64), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.UniqueConstraint("upload_id", "idempotency_key"),
    )


def downgrade() -> None:
    op.drop_table("upload_revisions")
    with op.batch_alter_table("upload_sessions") as table:
        table.drop_column("revision")
