"""python manage.py clean_pages PATH ... : show what the cleaner keeps, without touching the database."""

import json
from collections import Counter
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from articles.cleaning import clean_page
from articles.exceptions import CleaningError

UNREADABLE = "unreadable file"
# Files taken from folders; files named on the command line are cleaned whatever their name.
PAGE_SUFFIXES = (".html", ".htm", ".xhtml", ".shtml", ".txt", ".php", ".asp", ".aspx")


class Command(BaseCommand):
    help = (
        "Print, per file, one JSON line with the cleaned title, date and sections (or the error), then on "
        "stderr how many pages were refused, by reason. Folders are read recursively. No database access."
    )

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+", help="Page files (.html, .htm, .txt, optionally .gz) or folders of them.")

    def handle(self, *args, paths, **options):
        files = list_page_files(paths)
        refusals: Counter[str] = Counter()
        for path in files:
            record = {"file": str(path), "title": None, "published": None, "sections": [], "error": None}
            try:
                page = clean_page(path.read_bytes(), filename=str(path))
                record.update(
                    title=page.title,
                    published=page.published.isoformat() if page.published else None,
                    sections=[{"heading": s.heading, "text": s.text} for s in page.sections],
                )
            except OSError as error:
                record["error"] = f"Cannot read '{path}': {error.strerror}."
                refusals[UNREADABLE] += 1
            except CleaningError as error:
                record["error"] = str(error)
                refusals[error.reason or "other"] += 1
            self.stdout.write(json.dumps(record, ensure_ascii=False))
        self.stderr.write(format_refusals(refusals, total=len(files)))
        if refusals:
            raise CommandError(f"{sum(refusals.values())} of {len(files)} file(s) could not be cleaned.")


def list_page_files(paths: list[str]) -> list[Path]:
    """Return the files named by paths, folders expanded to the page files under them, sorted."""
    files: list[Path] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            files.extend(sorted(item for item in path.rglob("*") if item.is_file() and is_page_name(item.name)))
        else:
            files.append(path)
    return files


def is_page_name(name: str) -> bool:
    """Return whether a file name in a folder looks like a page (optionally gzipped), not a hidden file."""
    return not name.startswith(".") and name.lower().removesuffix(".gz").endswith(PAGE_SUFFIXES)


def format_refusals(refusals: Counter[str], *, total: int) -> str:
    """Return the summary line: pages refused out of total, grouped by reason, most common first."""
    refused = sum(refusals.values())
    share = f" ({refused / total:.1%})" if total else ""
    reasons = "; ".join(f"{count} {reason}" for reason, count in refusals.most_common())
    return f"Refused {refused} of {total} page(s){share}" + (f": {reasons}" if reasons else "") + "."

