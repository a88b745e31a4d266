"""The one mapping of search-request errors to responses: a 400 that shows the message, in the endpoint's format."""

import functools
from collections.abc import Callable
from enum import Enum

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render

from articles.exceptions import InvalidSearchQuery


class ErrorFormat(Enum):
    PAGE = "page"  # the site's error page
    JSON = "json"  # {"error": message}
    TEXT = "text"  # the message as plain text (feeds, exports: read by programs and shown raw by browsers)


def search_error_response(request: HttpRequest, error: InvalidSearchQuery, *, as_format: ErrorFormat) -> HttpResponse:
    """Return the 400 response that tells the reader what was wrong with their search and what to type."""
    message = str(error)
    if as_format is ErrorFormat.JSON:
        return JsonResponse({"error": message}, status=400)
    if as_format is ErrorFormat.TEXT:
        return HttpResponse(message, status=400, content_type="text/plain; charset=utf-8")
    return render(request, "articles/search_error.html", {"message": message, "query": error.query}, status=400)


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
