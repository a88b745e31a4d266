"""Publication dates written the ways pages and dumps write them."""

import re
from datetime import date, datetime

ISO_DATE_RE = re.compile(r"(?<!\d)(\d{4})-(\d{1,2})-(\d{1,2})(?!\d)")
COMPACT_DATE_RE = re.compile(r"^(\d{4})(\d{2})(\d{2})(?:T|$)")
WRITTEN_DATE_FORMATS = (
    "%B %d, %Y", "%b %d, %Y", "%b. %d, %Y", "%d %B %Y", "%d %b %Y", "%B %d %Y", "%d/%m/%Y",
    "%Y/%m/%d", "%d.%m.%Y", "%a, %d %b %Y", "%A, %B %d, %Y", "%A %d %B %Y",
)
MONTHS = {name: number for number, name in enumerate(
    ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"), start=1)}
MONTH_NAME = r"(jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
MONTH_FIRST_RE = re.compile(MONTH_NAME + r"\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})\b", re.IGNORECASE)
DAY_FIRST_RE = re.compile(r"\b(\d{1,2})(?:st|nd|rd|th)?\s+" + MONTH_NAME + r",?\s+(\d{4})\b", re.IGNORECASE)
# Calendar sanity: a page claiming 1890 or 2200 is a parsing accident. The archive holds wire
# copy back to 1945 (Reuters-21578 is from 1987), and the tagger reads the date to tell the
# Soviet Union from Russia, so earlier dates count.
EARLIEST_YEAR = 1945
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
    return find_written_date(value)


def find_written_date(value: str) -> date | None:
    """Return an English month-name date found inside value ("01:38 PM IST Nov 20, 2019"), else None."""
    match = MONTH_FIRST_RE.search(value)
    if match:
        month, day, year = match.groups()
    elif match := DAY_FIRST_RE.search(value):
        day, month, year = match.groups()
    else:
        return None
    return make_date(int(year), MONTHS[month[:3].lower()], int(day))


def make_date(year: int, month: int, day: int) -> date | None:
    """Return date(year, month, day) when it is a plausible publication date, else None."""
    if not EARLIEST_YEAR <= year <= LATEST_YEAR:
        return None
    try:
        return date(year, month, day)
    except ValueError:
        return None
