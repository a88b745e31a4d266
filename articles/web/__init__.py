"""HTTP in, one call into the domain, a rendered page or JSON out.

views.py and api.py translate requests; browsing.py and reading.py build the pages' read models;
feeds.py, sitemaps.py, exports.py, comentions.py, charts.py, redirects.py each serve one kind of response.
"""
