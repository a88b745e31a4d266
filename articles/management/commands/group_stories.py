"""python manage.py group_stories"""

import sys

from django.core.management import call_command
from django.core.management.base import BaseCommand
from tqdm import tqdm

from articles.models import Article
from articles.stories.grouping import group_archive


class Command(BaseCommand):
    help = (
        "Fingerprint every published article and group near-duplicates into stories (imports do this for "
        "each new page; run it once on an archive imported before stories existed), then rebuild the search index."
    )

    def add_arguments(self, parser):
        parser.add_argument("--no-progress", action="store_true", help="Do not draw a progress bar.")
        parser.add_argument("--no-index", action="store_true", help="Do not rebuild the search index afterwards.")

    def handle(self, *args, no_progress, no_index, **options):
        total = Article.objects.filter(is_published=True).count()
        bar = tqdm(total=total, unit="article", file=sys.stderr) if not no_progress and sys.stderr.isatty() else None
        grouped = group_archive(on_progress=bar.update if bar else None)
        if bar:
            bar.close()
        self.stdout.write(f"{grouped} of {total} published article(s) are copies in a story.")
        if not no_index:
            # Every document gains its story fields, so the whole index is written again.
            call_command("rebuild_index", interactive=False, verbosity=0)
            self.stdout.write("Search index rebuilt.")
