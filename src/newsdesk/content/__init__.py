"""The newsroom's domain: posts, pages, tags, categories, authors, images, series.

Other apps (site, syndication, export, wordpress, search, api) import from here;
this package imports none of them.
"""
