"""A deterministic, neutral demo outlet for trying newsdesk out."""
