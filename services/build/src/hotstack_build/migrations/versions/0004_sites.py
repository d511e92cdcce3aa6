"""sites: an upload's address, shared by its builds (revisions), served from its live build

Revision ID: 0004
"""

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"

# SQLite names no constraint; this names the one 0001 made, so it can be dropped.
_NAMES = {"uq": "%(table_name)s_%(column_0_name)s_key"}


def upgrade() -> None:
    op.create_table(
        "sites",
        sa.Column("slug", sa.String(80), primary_key=True),
        sa.Column("tenant_id", sa.String(64), nullable=False),
        sa.Column("upload_id", sa.String(64), nullable=False, unique=True),
        sa.Column("live_build_id", sa.String(64), nullable=True),
        sa.Column("published_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("unpublished_at", sa.DateTime(timezone=True), nullable=True),
    )
    # Each build that reserved a slug so far was its upload's only one.
    op.execute(
        "INSERT INTO sites (slug, tenant_id, upload_id, live_build_id, published_at, "
        "unpublished_at) SELECT slug, tenant_id, upload_id, CASE WHEN published_at IS NULL "
        "THEN NULL ELSE id END, published_at, unpublished_at FROM builds WHERE slug IS NOT NULL"
    )
    with op.batch_alter_table("builds", naming_convention=_NAMES) as table:
        table.drop_constraint("builds_slug_key", type_="unique")
        table.create_index("ix_builds_slug", ["slug"])


def downgrade() -> None:
    with op.batch_alter_table("builds", naming_convention=_NAMES) as table:
        table.drop_index("ix_builds_slug")
        table.create_unique_constraint("builds_slug_key", ["slug"])
    op.drop_table("sites")
