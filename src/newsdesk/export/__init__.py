"""Static mirrors: the whole public site as files, for any host and for offline hands.

``newsdesk export-static OUTDIR`` renders every public address through the site's own
views (in-process, no server), writes one file per address, and keeps the folder
verifiable (``MANIFEST.sha256``, optionally signed with Ed25519) and incremental: a
second export rewrites only the files whose bytes change and removes the files of
content that is no longer public.

Layout (:mod:`newsdesk.export.layout`): ``/tag/news/`` → ``tag/news/index.html``,
``/feed/`` → ``feed/index.xml``, ``/sitemap.xml`` as it is, the "not found" page as
``404.html``; static assets under ``static/``, media under ``media/``.

Links are relative by default, so the folder works on any host, under any path and
opened from disk; ``--base-url`` writes them for one address instead. Feeds and
sitemaps need full addresses: with ``--base-url`` they name the mirror, in a relative
export the main address (``NEWSDESK_BASE_URL``). Canonical links always name the main
address. What a static copy cannot do goes to the main address too: search (the
pages' search form sends the reader to the main site's ``/search/``; no index is
shipped), addresses with a query string, forms that post (a protected post's
password).

Modules, each with one job. They read the domain (``content``), and ask ``site`` and
``syndication`` only what those define (a post's parts, the sitemap sections); no
other app imports them (the journal hears ``content_changed``):

``inventory``  every public address, from the domain (no crawling)
``layout``     address → file name, and what a link points at on the mirror
``rewrite``    links in HTML (lxml), feeds and sitemaps, CSS, for the mirror's host
``assets``     the static files and media the pages use, copied as they are
``render``     one address rendered in-process by the site's own views
``pool``       rendering on every core (forked worker processes)
``journal``    addresses made stale since an export (the ``content_changed`` receiver)
``state``      what an export folder holds, for the next, incremental export
``folder``     names inside the folder checked: nothing outside it is read, written or removed
``integrity``  ``MANIFEST.sha256``, its Ed25519 signature, and checking a folder or zip
``bundle``     one deterministic zip of a folder
``exporter``   the whole run
"""
