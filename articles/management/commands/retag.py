"""python manage.py retag [--all | SLUG ...]"""

import sys

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from articles.entities.retagging import (
    all_article_ids,
    find_article_ids,
    retag_articles,
)
from articles.exceptions import ArchiveError


class Command(BaseCommand):
    help = (
        "Re-apply tagging (leaders, countries, topics) to stored articles from their saved sections, "
        "keeping admins' rejected tags off, and update the search index."
    )

    def add_arguments(self, parser):
        parser.add_argument("slugs", nargs="*", metavar="SLUG", help="Slugs of the articles to re-tag.")
        parser.add_argument("--all", action="store_true", dest="is_all", help="Re-tag every stored article.")
        parser.add_argument("--no-progress", action="store_true", help="Do not draw a progress bar.")

    def handle(self, *args, slugs, is_all, no_progress, **options):
        if is_all == bool(slugs):
            raise CommandError("Give article slugs or --all (not both): python manage.py retag --all")
        try:
            article_ids = all_article_ids() if is_all else find_article_ids(slugs=slugs)
        except ArchiveError as error:
            raise CommandError(str(error)) from error
        show_progress = not no_progress and sys.stderr.isatty()
        bar = tqdm(total=len(article_ids), unit="article", file=sys.stderr) if show_progress else None
        report = retag_articles(article_ids=article_ids, on_progress=bar.update if bar else None)
        if bar:
            bar.close()
        self.stdout.write(f"Re-tagged {report.retagged} article(s); {len(report.changed_ids)} changed tags and were re-indexed.")
