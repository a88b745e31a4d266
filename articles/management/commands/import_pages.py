"""python manage.py import_pages PATH [PATH ...] [--json]"""

import logging
import sys
from collections.abc import Iterator
from contextlib import contextmanager, nullcontext

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm
from tqdm.contrib.logging import logging_redirect_tqdm

from articles.imports.pipeline import count_source_files, import_paths
from articles.models import ImportStatus


class Command(BaseCommand):
    help = "Import news pages (HTML, text dumps, .gz, folders and .zip archives): clean, tag, save and index them."

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+", help="Files, folders or .zip archives to import.")
        parser.add_argument(
            "--json", action="store_true", help="Print one JSON object per page: file, status, slug, url, error, warnings."
        )
        parser.add_argument("--no-progress", action="store_true", help="Do not draw a progress bar.")

    def handle(self, *args, paths, json, no_progress, **options):
        with logs_on_stderr() if json else nullcontext():
            self.import_pages(paths=paths, json=json, no_progress=no_progress, verbosity=options["verbosity"])

    def import_pages(self, *, paths, json, no_progress, verbosity):
        show_progress = not no_progress and sys.stderr.isatty()
        bar = tqdm(total=count_source_files(paths), unit="page", file=sys.stderr) if show_progress else None

        def report(result):
            if json:
                self.stdout.write(result.as_json())
            elif result.status == ImportStatus.FAILED:
                self.stderr.write(f"failed     {result.file}: {result.error}")
            else:
                if verbosity > 1:
                    self.stdout.write(f"{result.status.value:<10} {result.file} -> {result.url}")
                for warning in result.warnings:
                    self.stderr.write(f"warning    {result.file}: {warning}")
            if bar:
                bar.update(1)

        if bar:
            # Log lines printed through the bar, so they do not break it.
            with logging_redirect_tqdm(loggers=[logging.getLogger(), logging.getLogger("articles")]):
                results = import_paths(paths, on_result=report)
            bar.close()
        else:
            results = import_paths(paths, on_result=report)
        counts = {status: sum(1 for r in results if r.status == status) for status in ImportStatus if status != ImportStatus.PENDING}
        summary = ", ".join(f"{n} {status.value}" for status, n in counts.items())
        if not json:
            self.stdout.write(f"Imported {len(results)} page(s): {summary}.")
        if counts[ImportStatus.FAILED]:
            raise CommandError(f"{counts[ImportStatus.FAILED]} page(s) failed to import: {summary}.")


@contextmanager
def logs_on_stderr() -> Iterator[None]:
    """While inside, every log handler that writes to stdout writes to stderr instead.

    With --json, stdout carries only the records a program reads; LOG_STREAM=stdout (or a caller of
    call_command, whose settings default to stdout) would otherwise put log lines between them.
    """
    loggers = [logging.getLogger(), *(item for item in logging.Logger.manager.loggerDict.values() if isinstance(item, logging.Logger))]
    handlers = {
        handler for logger in loggers for handler in logger.handlers
        if isinstance(handler, logging.StreamHandler) and handler.stream in (sys.stdout, sys.__stdout__)
    }
    moved = [(handler, handler.setStream(sys.stderr)) for handler in handlers]
    try:
        yield
    finally:
        for handler, stream in moved:
            handler.setStream(stream)
