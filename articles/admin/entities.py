"""Admin for the tags: leaders, countries, topics, their mentions, rejected tags and hand tags.

- Leaders the tagger discovered are unreviewed: a badge in the list, a "Review" filter, and actions
  to confirm them, merge them into an existing leader, or reject them (never discovered again).
- Any leader, country or topic can be merged into another (an intermediate page picks the target).
- Saving a leader, country or topic re-tags the articles it may change (save_model, not a signal).
- A mention's tag can be rejected on its article; the article form's tag boxes do the same (articles.py),
  and record the tags put in them as hand tags.
- Deleting a leader, country or topic deletes its hand tags (they name it, so nothing cascades).
Imported by admin.py, which registers these classes with the default site.
"""

from collections import defaultdict

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.db import transaction
from django.template.response import TemplateResponse
from django.utils.html import format_html

from articles.entities.curation import (
    confirm_leaders,
    delete_hand_tags,
    merge_entities,
    reject_leaders,
    reject_tags,
)
from articles.entities.retagging import retag_after_edit
from articles.kinds import kind_of
from articles.models import (
    Country,
    CountryMention,
    HandTag,
    Leader,
    LeaderMention,
    TagRejection,
    Topic,
    TopicMention,
)
from articles.search.indexing import update_search_index
from articles.search.roles import RoleFormatError, leader_roles


class MergeForm(forms.Form):
    target = forms.ModelChoiceField(queryset=None, label="Merge into", help_text="This one is kept; the others are deleted.")

    def __init__(self, *args, model, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["target"].queryset = model.objects.all()


class EntityAdmin(admin.ModelAdmin):
    """Shared by leaders, countries and topics: merge action, re-tag on save, re-index on delete."""

    actions = ["merge_selected"]
    prepopulated_fields = {"slug": ("name",)}

    def save_model(self, request, obj, form, change):
        previous = type(obj).objects.get(pk=obj.pk) if change else None
        super().save_model(request, obj, form, change)
        if change and not set(form.changed_data) & kind_of(obj).tagging_fields:
            return
        report = retag_after_edit(entity=obj, previous=previous)
        if report.retagged:
            self.message_user(
                request, f"Re-tagged {report.retagged} article(s) affected by the change to “{obj}”; {len(report.changed_ids)} changed tags."
            )

    def delete_model(self, request, obj):
        article_ids = list(obj.articles.values_list("pk", flat=True))
        with transaction.atomic():
            delete_hand_tags(entities=[obj])
            super().delete_model(request, obj)
        transaction.on_commit(lambda: update_search_index(article_ids=article_ids))

    def delete_queryset(self, request, queryset):
        article_ids = list(self.model.articles.through.objects.filter(
            **{f"{self.model._meta.model_name}__in": queryset}
        ).values_list("article_id", flat=True).distinct())
        with transaction.atomic():
            delete_hand_tags(entities=queryset)
            super().delete_queryset(request, queryset)
        transaction.on_commit(lambda: update_search_index(article_ids=article_ids))

    @admin.action(description="Merge selected %(verbose_name_plural)s into one…", permissions=["change"])
    def merge_selected(self, request, queryset):
        form = MergeForm(request.POST if "apply" in request.POST else None, model=self.model)
        if form.is_valid():
            target = form.cleaned_data["target"]
            duplicates = [entity for entity in queryset if entity.pk != target.pk]
            if not duplicates:
                self.message_user(request, f"Select at least one {self.model._meta.verbose_name} other than “{target}”.", messages.ERROR)
                return None
            names = ", ".join(f"“{entity}”" for entity in duplicates)
            changed = merge_entities(duplicates=duplicates, target=target)
            self.message_user(request, f"Merged {names} into “{target}”; {len(changed)} article(s) re-indexed.")
            return None
        context = {
            **self.admin_site.each_context(request),
            "title": f"Merge {self.model._meta.verbose_name_plural}",
            "opts": self.model._meta,
            "form": form,
            "entities": queryset,
            "action": "merge_selected",
            "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
        }
        return TemplateResponse(request, "admin/articles/merge_entities.html", context)


class ReviewFilter(admin.SimpleListFilter):
    title = "review"
    parameter_name = "review"

    def lookups(self, request, model_admin):
        return [("unreviewed", "Unreviewed (discovered by the tagger)"), ("reviewed", "Reviewed")]

    def queryset(self, request, queryset):
        if self.value() == "unreviewed":
            return queryset.filter(is_reviewed=False)
        if self.value() == "reviewed":
            return queryset.filter(is_reviewed=True)
        return queryset


class LeaderForm(forms.ModelForm):
    """Refuses roles that the tagger and role search could not read, with the message that says what to write."""

    class Meta:
        model = Leader
        exclude: tuple[str, ...] = ()  # every field: the admin's fieldsets choose what is shown

    def clean_roles(self):
        roles = self.cleaned_data["roles"]
        try:
            leader_roles(Leader(name=self.cleaned_data.get("name") or "This leader", roles=roles))
        except RoleFormatError as error:
            raise forms.ValidationError(str(error)) from None
        return roles


@admin.register(Leader)
class LeaderAdmin(EntityAdmin):
    form = LeaderForm
    list_display = ("name", "review_status", "country", "latest_role")
    list_filter = (ReviewFilter, "country")
    search_fields = ("name", "aliases")
    actions = ["confirm_selected", "merge_selected", "reject_selected"]

    def change_view(self, request, object_id, form_url="", extra_context=None):
        leader = self.get_object(request, unquote(object_id))
        if request.method == "GET" and leader is not None and not leader.is_reviewed:
            self.message_user(
                request,
                "The tagger discovered this leader and nobody has reviewed it yet: tick “Is reviewed” to confirm it, "
                "or use the list's actions to merge it into an existing leader or reject it.",
                messages.WARNING,
            )
        return super().change_view(request, object_id, form_url, extra_context)

    @admin.display(description="Review", ordering="is_reviewed")
    def review_status(self, leader):
        if leader.is_reviewed:
            return "reviewed"
        return format_html('<strong class="unreviewed-badge" style="{}">unreviewed</strong>', "color:#fff;background:#ba2121;padding:1px 6px;border-radius:3px")

    @admin.action(description="Confirm selected leaders (mark reviewed)", permissions=["change"])
    def confirm_selected(self, request, queryset):
        count = confirm_leaders(leaders=queryset)
        self.message_user(request, f"{count} leader(s) confirmed.")

    @admin.action(description="Reject selected unreviewed leaders (delete them and their tags; not discovered again)", permissions=["delete"])
    def reject_selected(self, request, queryset):
        unreviewed = list(queryset.filter(is_reviewed=False))
        skipped = queryset.count() - len(unreviewed)
        changed = reject_leaders(leaders=unreviewed, user=request.user)
        self.message_user(request, f"{len(unreviewed)} leader(s) rejected; {len(changed)} article(s) re-indexed.")
        if skipped:
            self.message_user(
                request, f"{skipped} reviewed leader(s) left alone: only discovered leaders can be rejected; delete or merge the others.",
                messages.WARNING,
            )


@admin.register(Country)
class CountryAdmin(EntityAdmin):
    list_display = ("name", "iso2")
    search_fields = ("name", "aliases", "demonyms")


@admin.register(Topic)
class TopicAdmin(EntityAdmin):
    list_display = ("name", "slug")
    search_fields = ("name", "aliases")


class MentionAdmin(admin.ModelAdmin):
    list_display = ("matched", "entity", "section", "start", "end")
    list_select_related = ("section__article",)
    raw_id_fields = ("section",)
    search_fields = ("matched", "sentence", "section__article__title")
    actions = ["reject_selected"]
    kind = ""

    @admin.display(description="Entity")
    def entity(self, mention):
        return getattr(mention, self.kind)

    @admin.action(description="Reject these tags on their articles (kept off when re-tagging)", permissions=["delete"])
    def reject_selected(self, request, queryset):
        entities_by_article = defaultdict(set)
        for mention in queryset.select_related("section__article", self.kind):
            entities_by_article[mention.section.article].add(getattr(mention, self.kind))
        removed = sum(
            reject_tags(article=article, entities=entities, user=request.user)
            for article, entities in entities_by_article.items()
        )
        self.message_user(request, f"{removed} tag(s) removed from {len(entities_by_article)} article(s) and rejected.")


@admin.register(LeaderMention)
class LeaderMentionAdmin(MentionAdmin):
    list_filter = ("leader",)
    kind = "leader"


@admin.register(CountryMention)
class CountryMentionAdmin(MentionAdmin):
    list_filter = ("country",)
    kind = "country"


@admin.register(TopicMention)
class TopicMentionAdmin(MentionAdmin):
    list_filter = ("topic",)
    kind = "topic"


class TagDecisionAdmin(admin.ModelAdmin):
    list_display = ("kind", "name", "article", "created_by", "created")
    list_filter = ("kind",)
    search_fields = ("name", "article__title", "article__slug")
    raw_id_fields = ("article",)
    readonly_fields = ("created_by", "created")


@admin.register(TagRejection)
class TagRejectionAdmin(TagDecisionAdmin):
    """Deleting a rejection lets the tagger put the tag back on the next retag."""


@admin.register(HandTag)
class HandTagAdmin(TagDecisionAdmin):
    """Deleting a hand tag lets the next retag take the tag off, unless the tagger finds it."""
