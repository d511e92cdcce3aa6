"""Test helpers: real local components (nats-server, S3, PostgreSQL, SMTP) and small fakes."""
