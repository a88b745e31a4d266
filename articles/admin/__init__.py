"""The admin: ModelAdmins and admin views, registered when Django's admin autodiscovers this package.

articles.py: articles, import batches (upload, progress, report) and slug redirects.
entities.py: leaders, countries, topics, their mentions and rejected tags (confirm, merge, reject).
"""

from articles.admin import articles, entities  # noqa: F401  (importing registers the ModelAdmins)
