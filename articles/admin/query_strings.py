"""A NUL character in an admin URL's query string is answered 400, not passed to the database.

The admin's filters and search put query-string values straight into queries; PostgreSQL refuses a
NUL in text ("PostgreSQL text fields cannot contain NUL (0x00) bytes"), which was a 500. Forms
already refuse it (Django's ProhibitNullCharactersValidator); URLs are the one way left in.
"""

from django.http import HttpResponseBadRequest

ADMIN_PATH_PREFIX = "/admin/"


class AdminNulQueryStringMiddleware:
    """Answer 400, naming the fix, when an admin URL's query string holds a NUL character."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path_info.startswith(ADMIN_PATH_PREFIX) and any(
            "\x00" in key or "\x00" in value for key, values in request.GET.lists() for value in values
        ):
            return HttpResponseBadRequest(
                "The address holds a NUL character (%00), which no search or filter can use; remove it from the URL.",
                content_type="text/plain; charset=utf-8",
            )
        return self.get_response(request)
