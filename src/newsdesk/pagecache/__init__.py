"""The full-page cache for anonymous readers.

Pages live as files under the data folder (``NEWSDESK_DATA_DIR/pages``), laid out so
that a front web server can serve them straight from disk (nginx ``try_files``),
shared by every worker process, and purged exactly by the stale sets the content
actions return (the static exporter follows the same stale sets, but renders its own
copies: a mirror's pages carry the mirror's addresses). With ``NEWSDESK_CACHE_URL`` set (Redis or
memcached), pages live in that shared cache instead, for several app servers.
"""
