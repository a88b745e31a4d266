"""Content-Security-Policy on every response: no inline or foreign script, so a stored link or
markup that slips past escaping cannot run in the site's origin.

Pages load their JavaScript from static files only. A <script type="application/ld+json"> block is
data, not script: browsers never execute it, so the policy does not need to allow it.
"""

from django.conf import settings

# Styles come from files too: no template sets a style attribute (bars are SVG shapes), so markup
# that slips past escaping cannot restyle a page to mislead (a fake login box over the content).
DEFAULT_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'"
)


def content_security_policy() -> str:
    """Return the policy: the CONTENT_SECURITY_POLICY setting, else DEFAULT_POLICY."""
    return getattr(settings, "CONTENT_SECURITY_POLICY", None) or DEFAULT_POLICY


class ContentSecurityPolicyMiddleware:
    """Add the Content-Security-Policy header to every response that does not set its own."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Content-Security-Policy", content_security_policy())
        return response
