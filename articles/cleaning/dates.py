"""Publication dates written the ways pages and dumps write them."""

import re
from datetime import date, datetime, timedelta

ISO_DATE_RE = re.compile(r"(?<!\d)(\d{4})-(\d{1,2})-(\d{1,2})(?!\d)")
COMPACT_DATE_RE = re.compile(r"^(\d{4})(\d{2})(\d{2})(?:T|$)")
WRITTEN_DATE_FORMATS = (
    "%B %d, %Y", "%b %d, %Y", "%b. %d, %Y", "%d %B %Y", "%d %b %Y", "%B %d %Y", "%d/%m/%Y",
    "%Y/%m/%d", "%d.%m.%Y", "%a, %d %b %Y", "%A, %B %d, %Y", "%A %d %B %Y",
)
# Month names of the archive's source languages (en, es, pt, fr, de, it, nl), January first.
MONTH_NAMES = (
    "january enero janeiro janvier januar gennaio januari jan ene",
    "february febrero fevereiro février februar febbraio februari feb fev fév",
    "march marzo março mars märz maart mar mär mrt",
    "april abril avril aprile apr abr avr",
    "may mayo maio mai maggio mei mag",
    "june junio junho juin juni giugno jun giu",
    "july julio julho juillet juli luglio jul lug juil",
    "august agosto août augustus aug ago aoû",
    "september septiembre setiembre setembro septembre settembre sep sept set",
    "october octubre outubro octobre oktober ottobre okt oct out ott",
    "november noviembre novembro novembre nov",
    "december diciembre dezembro décembre dezember dicembre dec dic dez déc",
)
MONTHS = {name: number for number, names in enumerate(MONTH_NAMES, start=1) for name in names.split()}
MONTH_NAME = r"(" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\.?"
MONTH_FIRST_RE = re.compile(r"\b" + MONTH_NAME + r"\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})\b", re.IGNORECASE)
# "11 June 2024", "11. Juni 2024", "11 de junio de 2024", "1er mars 2024".
DAY_FIRST_RE = re.compile(
    r"\b(\d{1,2})(?:st|nd|rd|th|er|º|°)?\.?\s+(?:de\s+)?" + MONTH_NAME + r",?\s+(?:de\s+)?(\d{4})\b", re.IGNORECASE
)
# Calendar sanity: archives digitise 19th-century papers, so 1800 is the first plausible year;
# a date after tomorrow (time zones ahead of the server) is a parsing accident or a typo.
EARLIEST_YEAR = 1800
LATEST_DAYS_AHEAD = 1


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
    """Return a month-name date found inside value ("01:38 PM IST Nov 20, 2019", "11 de junio de 2024"), else None."""
    match = MONTH_FIRST_RE.search(value)
    if match:
        month, day, year = match.groups()
    elif match := DAY_FIRST_RE.search(value):
        day, month, year = match.groups()
    else:
        return None
    return make_date(int(year), MONTHS[month.lower()], int(day))


def make_date(year: int, month: int, day: int) -> date | None:
    """Return date(year, month, day) when it is a plausible publication date (1800 to tomorrow), else None."""
    if year < EARLIEST_YEAR:
        return None
    try:
        value = date(year, month, day)
    except ValueError:
        return None
    return value if value <= date.today() + timedelta(days=LATEST_DAYS_AHEAD) else None
