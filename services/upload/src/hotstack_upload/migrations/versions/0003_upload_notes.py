"""upload_sessions.notes: what the site leaves out of the brief, and why

Revision ID: 0003
"""

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"


def upgrade() -> None:
    with op.batch_alter_table("upload_sessions") as table:
        table.add_column(sa.Column("notes", sa.Text, nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("upload_sessions") as table:
        table.drop_column("notes")
