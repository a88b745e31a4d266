"""Searching the archive: the only code that touches haystack and the search engines.

service.py: search_articles() and search_article_ids(), what the site calls; values, not display strings.
query.py parses what a reader typed; lookup.py and roles.py resolve names; snippets.py marks matches;
limits.py bounds the work a query may ask for; indexing.py writes and removes documents;
consistency.py compares the index with the database; rebuild.py builds a new index beside the live one;
backends.py (our Whoosh engine, with commits.py) and postgres*.py (the PostgreSQL engine) are haystack engines.

This package imports nothing itself: haystack's own test suite imports the engine in backends.py
without the articles app installed.
"""
