"""The full-page cache for anonymous readers.

Pages live as files under the data folder (``NEWSDESK_DATA_DIR/pages``), laid out so
that a front web server can serve them straight from disk (nginx ``try_files``),
shared by every worker process, reused by the static exporter, and purged exactly by
the stale sets the content actions return. With ``NEWSDESK_CACHE_URL`` set (Redis or
memcached), pages live in that shared cache instead, for several app servers.
"""
