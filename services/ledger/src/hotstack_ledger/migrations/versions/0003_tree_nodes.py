"""ledger_nodes keeps each tenant's perfect Merkle subtrees of 8 leaves or more, so proofs
read O(log n) rows; existing chains are backfilled from their entries' hashes

Revision ID: 0003
"""

import hashlib

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"

BATCH = 1000
LEVEL_SHIFT = 48  # position = level * 2**48 + index, as hotstack_ledger.store.node_position
STORED_FROM_LEVEL = 3  # as hotstack_ledger.domain.merkle


def _completed_nodes(tenant: str, hashes: list[bytes]) -> list[dict[str, object]]:
    """Every perfect subtree from STORED_FROM_LEVEL up over these leaves (RFC 6962 hashes)."""
    rows: list[dict[str, object]] = []
    level, current = 0, hashes
    while len(current) > 1:
        level += 1
        current = [
            hashlib.sha256(b"\x01" + current[i] + current[i + 1]).digest()
            for i in range(0, len(current) - 1, 2)
        ]
        if level >= STORED_FROM_LEVEL:
            rows += (
                {"tenant_id": tenant, "position": level << LEVEL_SHIFT | index, "hash": value}
                for index, value in enumerate(current)
            )
    return rows


def upgrade() -> None:
    nodes = op.create_table(
        "ledger_nodes",
        sa.Column("tenant_id", sa.String(64), primary_key=True),
        sa.Column("position", sa.BigInteger, primary_key=True, autoincrement=False),
        sa.Column("hash", sa.LargeBinary(32), nullable=False),
    )
    bind = op.get_bind()
    tenants = bind.execute(sa.text("SELECT DISTINCT tenant_id FROM ledger_entries")).scalars()
    for tenant in list(tenants):
        hashes = [
            bytes.fromhex(value)
            for value in bind.execute(
                sa.text("SELECT hash FROM ledger_entries WHERE tenant_id = :t ORDER BY seq"),
                {"t": tenant},
            ).scalars()
        ]
        rows = _completed_nodes(tenant, hashes)
        for start in range(0, len(rows), BATCH):
            op.bulk_insert(nodes, rows[start : start + BATCH])


def downgrade() -> None:
    op.drop_table("ledger_nodes")
