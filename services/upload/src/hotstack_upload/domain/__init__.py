"""Upload rules: what a brief may be, and how its status moves."""
