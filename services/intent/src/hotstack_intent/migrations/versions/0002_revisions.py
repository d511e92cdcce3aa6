"""intents.revision: an upload is read again for each revision

Revision ID: 0002
"""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"

# SQLite names no constraint; this names the one 0001 made, so it can be dropped.
_NAMES = {"uq": "%(table_name)s_%(column_0_name)s_key"}


def upgrade() -> None:
    with op.batch_alter_table("intents", naming_convention=_NAMES) as table:
        table.add_column(sa.Column("revision", sa.Integer, nullable=False, server_default="0"))
        table.drop_constraint("intents_upload_id_key", type_="unique")
        table.create_unique_constraint("intents_upload_id_revision_key", ["upload_id", "revision"])


def downgrade() -> None:
    with op.batch_alter_table("intents", naming_convention=_NAMES) as table:
        table.drop_constraint("intents_upload_id_revision_key", type_="unique")
        table.create_unique_constraint("intents_upload_id_key", ["upload_id"])
        table.drop_column("revision")
