"""python manage.py check_index [--repair]"""

from django.core.management.base import BaseCommand, CommandError

from articles.search.consistency import check_search_index, repair_search_index

SHOWN_IDS = 20


class Command(BaseCommand):
    help = (
        "Compare the database with the search index: published articles missing from the index, documents "
        "stale (title, slug, date, source or tags differ) and orphaned (deleted or unpublished articles). "
        "Exits non-zero when something is wrong, unless --repair fixes it."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--repair", action="store_true",
            help="Index missing and stale articles, delete orphaned documents, recount wrong facet counts.",
        )

    def handle(self, *args, repair, **options):
        report = check_search_index()
        if report.note:
            self.stdout.write(report.note)
        for label, ids in (("missing", report.missing), ("stale", report.stale), ("orphaned", report.orphaned)):
            shown = ", ".join(str(pk) for pk in ids[:SHOWN_IDS]) + (" …" if len(ids) > SHOWN_IDS else "")
            self.stdout.write(f"{label:<9} {len(ids)}" + (f"  (article ids: {shown})" if ids else ""))
        if report.wrong_facet_counts:
            self.stdout.write(f"facet counts wrong: {report.wrong_facet_counts} (whole-archive counts of listing pages)")
        if report.is_consistent:
            self.stdout.write(f"The index matches the database ({report.checked} published articles).")
            return
        if not repair:
            raise CommandError("The index does not match the database; run `python manage.py check_index --repair`.")
        repair_search_index(report)
        after = check_search_index()
        if not after.is_consistent:
            raise CommandError(
                f"Still inconsistent after repair: {len(after.missing)} missing, {len(after.stale)} stale, "
                f"{len(after.orphaned)} orphaned, {after.wrong_facet_counts} facet counts wrong; is another "
                "process writing? Run it again, or rebuild_index."
            )
        self.stdout.write(f"Repaired: the index matches the database ({after.checked} published articles).")
