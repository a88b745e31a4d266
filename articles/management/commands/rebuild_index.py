"""python manage.py rebuild_index [--noinput] [--batch-size N]: haystack's command, without the empty index."""

import sys

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from articles.exceptions import ArchiveError
from articles.models import Article
from articles.search.postgres import is_postgres_engine_selected, rebuild_search_documents, stop_keeping_search_documents
from articles.search.rebuild import DEFAULT_BATCH_SIZE, is_folder_index, rebuild_search_index


class Command(BaseCommand):
    help = (
        "Rebuild the search index from the database. A Whoosh index is built in a new folder beside the live "
        "one and swapped in when complete: searches answer from the old index meanwhile, and imports' index "
        "updates wait for the swap. The PostgreSQL engine recomputes every document in one transaction and keeps "
        "them current from then on; any other engine on a PostgreSQL database stops the database keeping them. "
        "Solr and Elasticsearch are cleared and refilled (haystack's way)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--noinput", action="store_false", dest="interactive", help="Do not ask for confirmation (Solr and Elasticsearch only)."
        )
        parser.add_argument(
            "-b", "--batch-size", dest="batch_size", type=int, default=DEFAULT_BATCH_SIZE,
            help=f"Articles written per commit (default {DEFAULT_BATCH_SIZE}).",
        )
        parser.add_argument("--no-progress", action="store_true", help="Do not draw a progress bar.")

    def handle(self, *args, interactive, batch_size, no_progress, **options):
        if batch_size < 1:
            raise CommandError(f"--batch-size {batch_size} is not valid; use a whole number of at least 1.")
        if is_postgres_engine_selected():
            # One transaction recomputes every document in SQL (clear()); haystack's update_index after
            # it would recompute them all again, batch by batch.
            documents = rebuild_search_documents()
            self.stdout.write(f"Indexed {documents} article(s) in the database; the database keeps them current from now on.")
            return
        if stop_keeping_search_documents():
            self.stdout.write("The database no longer keeps the PostgreSQL engine's documents (SEARCH_URL names another engine).")
        if not is_folder_index():
            call_command("clear_index", interactive=interactive, verbosity=options["verbosity"])
            call_command("update_index", batchsize=batch_size, verbosity=options["verbosity"])
            return
        show_progress = not no_progress and sys.stderr.isatty()
        total = Article.objects.filter(is_published=True).count()
        bar = tqdm(total=total, unit="article", file=sys.stderr) if show_progress else None
        try:
            report = rebuild_search_index(batch_size=batch_size, on_progress=bar.update if bar else None)
        except (OSError, ArchiveError) as error:
            raise CommandError(f"Rebuild failed, the live index is unchanged: {error}") from error
        finally:
            if bar:
                bar.close()
        self.stdout.write(f"Indexed {report.indexed} article(s) into {report.folder}; it is the live index now.")
