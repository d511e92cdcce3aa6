"""A witness for HotStack's ledger: a separate program that remembers the latest checkpoint
of each log it watches and co-signs a new one only when it provably extends that one."""
