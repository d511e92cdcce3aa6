"""Reading briefs and deriving what site the tenant wants; no I/O here."""
