"""hosted forms: what a build's forms need, what visitors send them, their rate limits

Revision ID: 0003
"""

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"


def upgrade() -> None:
    with op.batch_alter_table("builds") as table:
        table.add_column(sa.Column("language", sa.String(20), nullable=False, server_default="en"))
        table.add_column(sa.Column("site_email", sa.String(254), nullable=True))
        table.add_column(sa.Column("forms", sa.JSON, nullable=False, server_default="{}"))
    op.create_table(
        "form_submissions",
        sa.Column("id", sa.String(64), primary_key=True),
        sa.Column("tenant_id", sa.String(64), nullable=False),
        sa.Column("slug", sa.String(80), nullable=False),
        sa.Column("build_id", sa.String(64), nullable=False),
        sa.Column("upload_id", sa.String(64), nullable=False),
        sa.Column("form", sa.String(40), nullable=False),
        sa.Column("fields", sa.JSON, nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index("ix_form_submissions_site", "form_submissions", ["tenant_id", "slug", "id"])
    op.create_table(
        "form_buckets",
        sa.Column("key", sa.String(160), primary_key=True),
        sa.Column("tokens", sa.Float, nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("form_buckets")
    op.drop_index("ix_form_submissions_site", "form_submissions")
    op.drop_table("form_submissions")
    with op.batch_alter_table("builds") as table:
        table.drop_column("forms")
        table.drop_column("site_email")
        table.drop_column("language")
