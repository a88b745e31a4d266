"""Original URLs: only http and https are kept; anything else (javascript:, data:, file:) is dropped."""

from urllib.parse import urlsplit

WEB_SCHEMES = ("http", "https")
# Longer URLs are dropped, never cut (a cut URL links elsewhere): the column holds 2,000 characters and
# PostgreSQL's index on it refuses a row past 2,704 bytes (2,000 CJK characters are 6,000).
MAX_URL_BYTES = 2000


def web_url_or_none(value: str | None) -> str | None:
    """Return the URL stripped when it is an absolute http(s) URL with a host, of at most MAX_URL_BYTES, else None.

    A `URL: javascript:alert(1)` header would otherwise become a live link on the article page.
    """
    url = (value or "").strip()
    if not url or len(url.encode()) > MAX_URL_BYTES or any(ord(c) < 33 or ord(c) == 127 for c in url):
        return None
    try:
        parts = urlsplit(url)
    except ValueError:  # e.g. an unbalanced IPv6 bracket
        return None
    return url if parts.scheme.lower() in WEB_SCHEMES and parts.netloc else None
