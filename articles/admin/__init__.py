"""The admin: ModelAdmins and admin views, registered when Django's admin autodiscovers this package.

articles.py: articles (sections and tags inline) and slug redirects.
imports.py: import batches: the upload screen, progress, per-page report, retry.
entities.py: leaders, countries, topics, their mentions and rejected tags (confirm, merge, reject).
"""

from articles.admin import articles, entities, imports  # noqa: F401  (importing registers the ModelAdmins)
