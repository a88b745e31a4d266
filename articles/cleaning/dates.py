"""Publication dates written the ways pages and dumps write them."""

import re
from datetime import date, datetime

ISO_DATE_RE = re.compile(r"(?<!\d)(\d{4})-(\d{1,2})-(\d{1,2})(?!\d)")
COMPACT_DATE_RE = re.compile(r"^(\d{4})(\d{2})(\d{2})(?:T|$)")
WRITTEN_DATE_FORMATS = (
    "%B %d, %Y", "%b %d, %Y", "%b. %d, %Y", "%d %B %Y", "%d %b %Y", "%B %d %Y", "%d/%m/%Y",
    "%Y/%m/%d", "%d.%m.%Y", "%a, %d %b %Y", "%A, %B %d, %Y", "%A %d %B %Y",
)
# Calendar sanity: a page claiming 1890 or 2200 is a parsing accident.
EARLIEST_YEAR = 1990
LATEST_YEAR = 2100


def parse_date(value: str) -> date | None:
    """Return the calendar date written in value (ISO 8601 or a common English form), else None."""
    value = value.strip()
    match = ISO_DATE_RE.search(value) or COMPACT_DATE_RE.search(value)
    if match:
        return make_date(*(int(part) for part in match.groups()))
    cleaned = re.sub(r"(\d)(st|nd|rd|th)\b", r"\1", value)
    cleaned = re.split(r"\s+(?:at\s+)?\d{1,2}:\d{2}", cleaned)[0].strip(" ,")
    for pattern in WRITTEN_DATE_FORMATS:
        try:
            parsed = datetime.strptime(cleaned, pattern).date()
        except ValueError:
            continue
        return make_date(parsed.year, parsed.month, parsed.day)
    return None


def make_date(year: int, month: int, day: int) -> date | None:
    """Return date(year, month, day) when it is a plausible publication date, else None."""
    if not EARLIEST_YEAR <= year <= LATEST_YEAR:
        return None
    try:
        return date(year, month, day)
    except ValueError:
        return None
