"""The one mapping of search-request errors to responses: a 400 (a 404 for a page past the last) that shows
the message, in the endpoint's format."""

import functools
from collections.abc import Callable
from enum import Enum

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render

from articles.exceptions import InvalidSearchQuery, PageOutOfRangeError


class ErrorFormat(Enum):
    PAGE = "page"  # the site's error page
    JSON = "json"  # {"error": message}
    TEXT = "text"  # the message as plain text (feeds, exports: read by programs and shown raw by browsers)


def search_error_response(request: HttpRequest, error: InvalidSearchQuery, *, as_format: ErrorFormat) -> HttpResponse:
    """Return the 400 (404) response that tells the reader what was wrong with their search and what to type."""
    message = str(error)
    # A page past the last one does not exist, as a page of a list that shrank: 404, with the way back.
    status = 404 if isinstance(error, PageOutOfRangeError) else 400
    if as_format is ErrorFormat.JSON:
        return JsonResponse({"error": message}, status=status)
    if as_format is ErrorFormat.TEXT:
        return HttpResponse(message, status=status, content_type="text/plain; charset=utf-8")
    last_page_url = ""
    if isinstance(error, PageOutOfRangeError):
        params = request.GET.copy()
        params["page"] = str(error.last_page)
        last_page_url = "?" + params.urlencode()
    context = {"message": message, "query": error.query, "last_page_url": last_page_url}
    return render(request, "articles/search_error.html", context, status=status)


def answers_search_errors(as_format: ErrorFormat) -> Callable:
    """Decorate a view so that an InvalidSearchQuery it raises becomes search_error_response."""

    def decorate(view: Callable) -> Callable:
        @functools.wraps(view)
        def wrapped(request: HttpRequest, *args, **kwargs) -> HttpResponse:
            try:
                return view(request, *args, **kwargs)
            except InvalidSearchQuery as error:
                return search_error_response(request, error, as_format=as_format)

        return wrapped

    return decorate
