"""python manage.py clean_pages PATH ... : show what the cleaner keeps, without touching the database."""

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from articles.cleaning import clean_page
from articles.exceptions import CleaningError


class Command(BaseCommand):
    help = "Print, per file, one JSON line with the cleaned title, date and sections (or the error). No database access."

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+", help="Page files: .html, .htm, .txt, optionally .gz.")

    def handle(self, *args, paths, **options):
        failed = 0
        for raw in paths:
            record = {"file": raw, "title": None, "published": None, "sections": [], "error": None}
            try:
                page = clean_page(Path(raw).read_bytes(), filename=raw)
                record.update(
                    title=page.title,
                    published=page.published.isoformat() if page.published else None,
                    sections=[{"heading": s.heading, "text": s.text} for s in page.sections],
                )
            except OSError as error:
                record["error"] = f"Cannot read '{raw}': {error.strerror}."
            except CleaningError as error:
                record["error"] = str(error)
            failed += record["error"] is not None
            self.stdout.write(json.dumps(record, ensure_ascii=False))
        if failed:
            raise CommandError(f"{failed} of {len(paths)} file(s) could not be cleaned.")
