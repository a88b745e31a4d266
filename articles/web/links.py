"""Links to the outside: an article's original URL is shown only when it is http(s)."""

from articles.cleaning.urls import web_url_or_none
from articles.models import Article


def original_url(article: Article) -> str:
    """Return the article's original URL if it is http(s), else "" (rows stored before the check may hold javascript:)."""
    return web_url_or_none(article.url) or ""
