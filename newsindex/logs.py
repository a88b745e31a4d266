"""Structured logs: one JSON object per line, and a middleware that logs every request.

A request line looks like
    {"time": "2026-11-25T18:50:01.123+00:00", "level": "INFO", "logger": "newsindex.requests",
     "message": "GET /search/ 200", "method": "GET", "path": "/search/", "status": 200, "duration_ms": 23.4}
Anything passed as `extra=` to a logger call becomes a key of its line.
"""

import json
import logging
import time
from datetime import UTC, datetime

request_logger = logging.getLogger("newsindex.requests")

# Attributes every LogRecord has; the rest came from `extra=` and are written as keys.
STANDARD_RECORD_ATTRIBUTES = frozenset(logging.makeLogRecord({}).__dict__) | {"message", "asctime"}


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        """Return the record as one line of JSON: time, level, logger, message, extras, exception."""
        line = {
            "time": datetime.fromtimestamp(record.created, tz=UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        line.update({k: v for k, v in record.__dict__.items() if k not in STANDARD_RECORD_ATTRIBUTES})
        if record.exc_info:
            line["exception"] = self.formatException(record.exc_info)
        return json.dumps(line, ensure_ascii=False, default=str)


class RequestLogMiddleware:
    """Log method, path, status and duration of every request at INFO on "newsindex.requests"."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        started = time.perf_counter()
        response = self.get_response(request)
        duration_ms = round((time.perf_counter() - started) * 1000, 1)
        request_logger.info(
            "%s %s %s",
            request.method,
            request.path,
            response.status_code,
            extra={
                "method": request.method,
                "path": request.path,
                "status": response.status_code,
                "duration_ms": duration_ms,
            },
        )
        return response
