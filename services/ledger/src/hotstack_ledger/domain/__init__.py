"""The audit chain: canonical entries, leaf hashes, Merkle roots, verification."""
