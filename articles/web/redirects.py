"""Old article slugs answer 301 with the current permalink (an admin changed the slug)."""

import re

from django.http import HttpResponsePermanentRedirect

from articles.models import SlugRedirect

ARTICLE_PATH_RE = re.compile(r"^/articles/(?P<slug>[-\w]+)/$")


def find_slug_redirect(*, slug: str) -> str | None:
    """Return the current permalink of the article that used to have slug, or None if none did."""
    redirect = SlugRedirect.objects.select_related("article").filter(old_slug=slug, article__is_published=True).first()
    return redirect.article.get_absolute_url() if redirect else None


class SlugRedirectMiddleware:
    """On a 404 for /articles/<slug>/, redirect (301) when the slug is an article's former one.

    Like django.contrib.redirects' fallback middleware: only 404s are looked at, so live pages cost nothing.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if response.status_code != 404:
            return response
        match = ARTICLE_PATH_RE.match(request.path_info)
        target = find_slug_redirect(slug=match["slug"]) if match else None
        if target is None:
            return response
        query = request.META.get("QUERY_STRING", "")
        return HttpResponsePermanentRedirect(f"{target}?{query}" if query else target)
