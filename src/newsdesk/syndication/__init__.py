"""Feeds (RSS 2.0, Atom) and sitemaps (index, per month, news)."""
