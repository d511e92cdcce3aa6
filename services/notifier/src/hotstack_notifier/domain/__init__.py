"""What to tell people, and in which words; no I/O here."""
