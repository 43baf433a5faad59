"""newsdesk: a publishing engine for tag-driven news sites."""

__version__ = "0.1.0"
