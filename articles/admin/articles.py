"""Every table visible and editable by staff; tag lists and sections inline under their article.

Imports: "Add import batch" is the upload screen (many pages or zips, run by the background queue);
a batch's page shows live progress, then the per-page report, a CSV download and "retry failed".
Publishing, unpublishing, editing and deleting articles update the search index after the commit.
"""

import io

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import HttpResponse, HttpResponseNotAllowed, JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone

from articles.exceptions import ArchiveError
from articles.imports.pipeline import PageDefaults
from articles.imports.jobs import batch_progress, create_import_batch, retry_failed_files, write_batch_csv
from articles.entities.curation import allow_tags, reject_tags
from articles.models import Article, ImportBatch, ImportFile, Section, SlugRedirect
from articles.search.indexing import remove_from_search_index, update_search_index
from articles.settings import import_limits
from articles.imports.queue import enqueue_import_batch

REPORT_ROWS_SHOWN = 5000
TAG_FIELD_NAMES = ("leaders", "countries", "topics")


class SectionInline(admin.StackedInline):
    model = Section
    extra = 0
    fields = ("position", "heading", "anchor", "text")


@admin.register(Article)
class ArticleAdmin(admin.ModelAdmin):
    list_display = ("title", "published", "source", "is_published", "updated")
    list_filter = ("is_published", "source", "published")
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
        before = {name: set(getattr(article, name).all()) for name in TAG_FIELD_NAMES} if change else {}
        super().save_related(request, form, formsets, change)
        if change:
            # A tag taken out of the form is a rejected tag: retag must not put it back (issue 5).
            after = {name: set(form.cleaned_data[name]) for name in TAG_FIELD_NAMES if name in form.cleaned_data}
            removed = [entity for name in after for entity in before[name] - after[name]]
            added = [entity for name in after for entity in after[name] - before[name]]
            reject_tags(article=article, entities=removed, user=request.user)
            allow_tags(article=article, entities=added)
        article_id = form.instance.pk
        transaction.on_commit(lambda: update_search_index(article_ids=[article_id]))

    def delete_model(self, request, obj):
        article_id = obj.pk
        super().delete_model(request, obj)
        transaction.on_commit(lambda: remove_from_search_index(article_ids=[article_id]))

    def delete_queryset(self, request, queryset):
        article_ids = list(queryset.values_list("pk", flat=True))
        super().delete_queryset(request, queryset)
        transaction.on_commit(lambda: remove_from_search_index(article_ids=article_ids))

    @admin.action(description="Unpublish selected articles (hide them and remove them from search)", permissions=["change"])
    def unpublish_articles(self, request, queryset):
        article_ids = list(queryset.values_list("pk", flat=True))
        with transaction.atomic():
            queryset.update(is_published=False, updated=timezone.now())
            transaction.on_commit(lambda: remove_from_search_index(article_ids=article_ids))
        self.message_user(request, f"{len(article_ids)} article(s) unpublished and removed from search.")

    @admin.action(description="Publish selected articles (show them and add them to search)", permissions=["change"])
    def publish_articles(self, request, queryset):
        article_ids = list(queryset.values_list("pk", flat=True))
        with transaction.atomic():
            queryset.update(is_published=True, updated=timezone.now())
            transaction.on_commit(lambda: update_search_index(article_ids=article_ids))
        self.message_user(request, f"{len(article_ids)} article(s) published and indexed.")


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """A file field that takes several files (Django's documented pattern)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single_clean = super().clean
        if isinstance(data, (list, tuple)):
            return [single_clean(item, initial) for item in data]
        return [single_clean(data, initial)]


class ImportUploadForm(forms.Form):
    files = MultipleFileField(
        allow_empty_file=True,
        help_text="HTML pages, plain-text dumps (.html, .htm, .txt, each optionally .gz) and .zip archives of them.",
    )
    source = forms.CharField(
        required=False, max_length=200, label="Source name", help_text="Used for pages that name no source."
    )
    published = forms.DateField(
        required=False, label="Default publication date", help_text="YYYY-MM-DD; used for pages that carry no date.",
        widget=forms.DateInput(attrs={"type": "date"}),
    )


@admin.register(ImportBatch)
class ImportBatchAdmin(admin.ModelAdmin):
    list_display = ("__str__", "created", "created_by", "status", "progress")
    list_filter = ("status",)
    list_select_related = ("created_by",)

    def get_urls(self):
        wrap = self.admin_site.admin_view
        return [
            path("<int:batch_id>/progress/", wrap(self.progress_view), name="articles_importbatch_progress"),
            path("<int:batch_id>/report.csv", wrap(self.csv_view), name="articles_importbatch_csv"),
            path("<int:batch_id>/retry/", wrap(self.retry_view), name="articles_importbatch_retry"),
            *super().get_urls(),
        ]

    def has_change_permission(self, request, obj=None):
        return False  # a batch is a record: only the job writes it

    @admin.display(description="Progress")
    def progress(self, batch):
        state = batch_progress(batch=batch)
        return f"{state.done} / {state.total}" if batch.is_scanned else "waiting"

    def add_view(self, request, form_url="", extra_context=None):
        if not self.has_add_permission(request):
            raise PermissionDenied
        form = ImportUploadForm(request.POST, request.FILES) if request.method == "POST" else ImportUploadForm()
        refused = getattr(request, "upload_refused", "")  # set by articles.imports.uploads.UploadLimitHandler
        if refused:
            form.is_valid()
            form.errors.pop("files", None)
            form.add_error("files", refused)
        elif request.method == "POST" and form.is_valid():
            try:
                batch = create_import_batch(
                    files=form.cleaned_data["files"],
                    user=request.user,
                    defaults=PageDefaults(source=form.cleaned_data["source"], published=form.cleaned_data["published"]),
                )
            except ArchiveError as error:
                form.add_error("files", str(error))
            else:
                transaction.on_commit(lambda: enqueue_import_batch(batch_id=batch.pk))
                self.message_user(request, f"{batch} is queued; this page shows its progress.")
                return redirect(reverse("admin:articles_importbatch_change", args=[batch.pk]))
        limits = import_limits()
        context = {
            **self.admin_site.each_context(request),
            "title": "Import pages",
            "opts": self.model._meta,
            "form": form,
            "max_page_mb": limits.max_page_bytes / 1_000_000,
            "max_upload_mb": limits.max_upload_bytes / 1_000_000,
            **(extra_context or {}),
        }
        return TemplateResponse(request, "admin/articles/importbatch/import_form.html", context)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        batch = self.get_object(request, unquote(object_id))
        if batch is None:
            return self._get_obj_does_not_exist_redirect(request, self.model._meta, object_id)
        if not self.has_view_permission(request, batch):
            raise PermissionDenied
        files = batch.files.select_related("article").order_by("position")
        context = {
            **self.admin_site.each_context(request),
            "title": str(batch),
            "opts": self.model._meta,
            "batch": batch,
            "progress": batch_progress(batch=batch),
            "failed_files": files.filter(status=ImportFile.FAILED)[:REPORT_ROWS_SHOWN],
            "files": files[:REPORT_ROWS_SHOWN],
            "rows_shown": REPORT_ROWS_SHOWN,
            "is_running": batch.status in (ImportBatch.QUEUED, ImportBatch.RUNNING),
            "can_retry": self.has_add_permission(request) and not batch.worker,
            **(extra_context or {}),
        }
        return TemplateResponse(request, "admin/articles/importbatch/report.html", context)

    def progress_view(self, request, batch_id):
        batch = self._viewable_batch(request, batch_id)
        return JsonResponse(batch_progress(batch=batch).as_dict())

    def csv_view(self, request, batch_id):
        batch = self._viewable_batch(request, batch_id)
        text = io.StringIO()
        write_batch_csv(batch=batch, stream=text, site_url=request.build_absolute_uri("/").rstrip("/"))
        response = HttpResponse(text.getvalue(), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="import-{batch.pk}.csv"'
        return response

    def retry_view(self, request, batch_id):
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        batch = self._viewable_batch(request, batch_id)
        if not self.has_add_permission(request):
            raise PermissionDenied
        try:
            count = retry_failed_files(batch=batch, user=request.user)
        except ArchiveError as error:
            self.message_user(request, str(error), level=messages.ERROR)
        else:
            transaction.on_commit(lambda: enqueue_import_batch(batch_id=batch.pk))
            self.message_user(request, f"{count} failed page(s) queued again.")
        return redirect(reverse("admin:articles_importbatch_change", args=[batch.pk]))

    def _viewable_batch(self, request, batch_id) -> ImportBatch:
        batch = get_object_or_404(ImportBatch, pk=batch_id)
        if not self.has_view_permission(request, batch):
            raise PermissionDenied
        return batch


@admin.register(SlugRedirect)
class SlugRedirectAdmin(admin.ModelAdmin):
    list_display = ("old_slug", "article", "created")
    search_fields = ("old_slug", "article__slug", "article__title")
    raw_id_fields = ("article",)
