"""Staff accounts: how people log in and stay logged in (second factors, throttling,
sessions), and the audit trail of those events.

Builds on :mod:`newsdesk.content` (roles, the audit log); content imports nothing here.
"""
