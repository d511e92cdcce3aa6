"""Rendering a site spec into files, packaging and naming it; no I/O here."""
