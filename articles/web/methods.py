"""The public site only reads: any method but GET and HEAD outside the admin is a 405 that names them.

Decided before CSRF checking (this middleware stands above CsrfViewMiddleware): a POST to the search
page is a wrong method, not a forged form, and a 403 "CSRF verification failed" would say the opposite.
Without it the views answered a PUT or DELETE as a GET (a 200).
"""

from django.http import HttpResponseNotAllowed
from django.utils.deprecation import MiddlewareMixin

# The only URLs with forms that post (django.contrib.admin and our admin views under it).
ADMIN_APP = "admin"
READ_METHODS = ("GET", "HEAD")


class ReadOnlyPagesMiddleware(MiddlewareMixin):
    """Answer 405 with "Allow: GET, HEAD" to any other method on a public page."""

    def process_view(self, request, view_func, view_args, view_kwargs):
        if request.method not in READ_METHODS and request.resolver_match.app_name != ADMIN_APP:
            return HttpResponseNotAllowed(READ_METHODS)
        return None
