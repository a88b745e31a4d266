"""Admin for articles (tag lists and sections inline) and slug redirects.

Publishing, unpublishing, editing and deleting articles update the search index after the commit.
Tags taken out of an article's boxes are rejected, tags put in are recorded as hand tags (curation.py).
"""


from django.contrib import admin
from django.db import transaction
from django.utils import timezone

from articles.entities.curation import add_hand_tags, reject_tags
from articles.kinds import ENTITY_KINDS
from articles.models import Article, Section, SlugRedirect
from articles.search.indexing import remove_from_search_index, update_search_index
from articles.stories.grouping import group_published_articles, leave_story


class SectionInline(admin.StackedInline):
    model = Section
    extra = 0
    fields = ("position", "heading", "anchor", "text")


class DatedFilter(admin.SimpleListFilter):
    """Undated articles never show in date orders until last; editors find them here to add the date."""

    title = "publication date"
    parameter_name = "dated"

    def lookups(self, request, model_admin):
        return [("no", "Undated"), ("yes", "Dated")]

    def queryset(self, request, queryset):
        if self.value() in ("no", "yes"):
            return queryset.filter(published__isnull=self.value() == "no")
        return queryset


@admin.register(Article)
class ArticleAdmin(admin.ModelAdmin):
    list_display = ("title", "published", "source", "is_published", "created")
    list_filter = ("is_published", DatedFilter, "source", "published")
    search_fields = ("title", "slug", "url", "source_name")
    date_hierarchy = "published"
    readonly_fields = ("content_hash", "created", "updated", "source_name", "raw_file")
    filter_horizontal = ("leaders", "countries", "topics")
    inlines = [SectionInline]
    actions = ["unpublish_articles", "publish_articles"]

    def save_model(self, request, obj, form, change):
        if change and "slug" in form.changed_data:
            old_slug = form.initial.get("slug")
            if old_slug and old_slug != obj.slug:
                # The old permalink keeps working: it answers 301 to the new one (articles/redirects.py).
                SlugRedirect.objects.filter(old_slug=obj.slug).delete()
                SlugRedirect.objects.update_or_create(old_slug=old_slug, defaults={"article": obj})
        super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change):
        article = form.instance
        # A new article has no tags yet: every tag in its form is put in by hand.
        before = {kind.field: set(getattr(article, kind.field).all()) if change else set() for kind in ENTITY_KINDS}
        super().save_related(request, form, formsets, change)
        # A tag taken out of the form is a rejected tag: retag must not put it back. A tag put in
        # is a hand tag: retag must not take it off.
        after = {field: set(form.cleaned_data[field]) for field in before if field in form.cleaned_data}
        removed = [entity for name in after for entity in before[name] - after[name]]
        added = [entity for name in after for entity in after[name] - before[name]]
        if removed:
            reject_tags(article=article, entities=removed, user=request.user)
        add_hand_tags(article=article, entities=added, user=request.user)
        article_id = form.instance.pk
        transaction.on_commit(lambda: update_search_index(article_ids=[article_id]))

    def delete_model(self, request, obj):
        article_id = obj.pk
        with transaction.atomic():
            # The story's other copies get a new first copy (or lose a story of one).
            regrouped = leave_story(article=obj) - {article_id}
            super().delete_model(request, obj)
            transaction.on_commit(lambda: _reindex(removed=[article_id], changed=regrouped))

    def delete_queryset(self, request, queryset):
        article_ids = list(queryset.values_list("pk", flat=True))
        with transaction.atomic():
            regrouped = _leave_stories(queryset)
            super().delete_queryset(request, queryset)
            transaction.on_commit(lambda: _reindex(removed=article_ids, changed=regrouped - set(article_ids)))

    @admin.action(description="Unpublish selected articles (hide them and remove them from search)", permissions=["change"])
    def unpublish_articles(self, request, queryset):
        article_ids = list(queryset.values_list("pk", flat=True))
        with transaction.atomic():
            regrouped = _leave_stories(queryset)
            queryset.update(is_published=False, updated=timezone.now())
            transaction.on_commit(lambda: _reindex(removed=article_ids, changed=regrouped - set(article_ids)))
        self.message_user(request, f"{len(article_ids)} article(s) unpublished and removed from search.")

    @admin.action(description="Publish selected articles (show them and add them to search)", permissions=["change"])
    def publish_articles(self, request, queryset):
        article_ids = list(queryset.values_list("pk", flat=True))
        with transaction.atomic():
            queryset.update(is_published=True, updated=timezone.now())
            regrouped = group_published_articles(article_ids=article_ids)
            transaction.on_commit(lambda: update_search_index(article_ids=sorted(set(article_ids) | regrouped)))
        self.message_user(request, f"{len(article_ids)} article(s) published and indexed.")


def _leave_stories(queryset) -> set[int]:
    changed: set[int] = set()
    for article in queryset.filter(story__isnull=False):
        changed |= leave_story(article=article)
    return changed


def _reindex(*, removed: list[int], changed: set[int]) -> None:
    remove_from_search_index(article_ids=removed)
    update_search_index(article_ids=sorted(changed))


@admin.register(SlugRedirect)
class SlugRedirectAdmin(admin.ModelAdmin):
    list_display = ("old_slug", "article", "created")
    search_fields = ("old_slug", "article__slug", "article__title")
    raw_id_fields = ("article",)
