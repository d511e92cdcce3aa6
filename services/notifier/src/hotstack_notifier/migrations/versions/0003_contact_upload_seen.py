"""contacts.upload_seen: whether UploadReceived (which carries the address) was applied

Revision ID: 0003
"""

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"


def upgrade() -> None:
    with op.batch_alter_table("contacts") as batch:
        # Rows written before this column existed were all created by UploadReceived.
        batch.add_column(
            sa.Column("upload_seen", sa.Boolean, nullable=False, server_default=sa.true())
        )


def downgrade() -> None:
    with op.batch_alter_table("contacts") as batch:
        batch.drop_column("upload_seen")
