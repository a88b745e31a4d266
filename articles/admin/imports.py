"""Admin for import batches: the upload screen (many pages or zips, run by the background queue), then a
batch's page with live progress, the per-page report, a CSV download and "retry failed".
"""

import io

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import Http404, HttpResponse, HttpResponseNotAllowed, JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse

from articles.admin.selections import is_row_id
from articles.exceptions import ArchiveError
from articles.imports.jobs import (
    BatchProgress,
    batch_progress,
    create_import_batch,
    retry_failed_files,
    write_batch_csv,
)
from articles.imports.pipeline import PageDefaults
from articles.imports.preview import PreviewError, drop_tag, fix_page, preview_batch, publish_pages, skip_page
from articles.imports.queue import enqueue_import_batch
from articles.models import BatchStatus, ImportBatch, ImportFile, ImportStatus
from articles.settings import describe_size, import_limits
from articles.web.reading import get_article_page

REPORT_ROWS_SHOWN = 5000
# A preview is read page by page; past this, publish in smaller uploads.
PREVIEW_ROWS_SHOWN = 300


def batch_status_label(progress: BatchProgress) -> str:
    """Return the batch's status as an admin reads it: "failed" when no page imported, "done with 3 failures"."""
    failed = progress.counts.get(ImportStatus.FAILED, 0)
    if progress.status == BatchStatus.DONE and failed:
        if failed == progress.total:
            return "failed"
        return f"done with {failed} failure{'' if failed == 1 else 's'}"
    return str(progress.status)


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
    is_preview = forms.BooleanField(
        required=False, label="Preview first",
        help_text="Clean and tag the pages but publish nothing: check each page on the batch page, then publish.",
    )


class PreviewFixForm(forms.Form):
    title = forms.CharField(max_length=500)
    published = forms.DateField(required=False, widget=forms.DateInput(attrs={"type": "date"}))


@admin.register(ImportBatch)
class ImportBatchAdmin(admin.ModelAdmin):
    list_display = ("__str__", "created", "created_by", "status_label", "progress")
    list_filter = ("status",)
    list_select_related = ("created_by",)

    def get_urls(self):
        wrap = self.admin_site.admin_view
        return [
            path("<int:batch_id>/progress/", wrap(self.progress_view), name="articles_importbatch_progress"),
            path("<int:batch_id>/report.csv", wrap(self.csv_view), name="articles_importbatch_csv"),
            path("<int:batch_id>/retry/", wrap(self.retry_view), name="articles_importbatch_retry"),
            path("<int:batch_id>/publish/", wrap(self.publish_view), name="articles_importbatch_publish"),
            path("<int:batch_id>/pages/<int:row_id>/<str:action>/", wrap(self.page_action_view), name="articles_importbatch_page"),
            path("<int:batch_id>/pages/<int:row_id>/", wrap(self.page_preview_view), name="articles_importbatch_preview"),
            *super().get_urls(),
        ]

    def has_change_permission(self, request, obj=None):
        return False  # a batch is a record: only the job writes it

    @admin.display(description="Status", ordering="status")
    def status_label(self, batch):
        return batch_status_label(batch_progress(batch=batch))

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
                    is_preview=form.cleaned_data["is_preview"],
                )
            except ArchiveError as error:
                form.add_error("files", str(error))
            else:
                transaction.on_commit(lambda: enqueue_import_batch(batch_id=batch.pk))
                self.message_user(request, f"{batch} was uploaded; its progress is below.")
                return redirect(reverse("admin:articles_importbatch_change", args=[batch.pk]))
        limits = import_limits()
        context = {
            **self.admin_site.each_context(request),
            "title": "Import pages",
            "opts": self.model._meta,
            "form": form,
            "max_page_size": describe_size(limits.max_page_bytes),
            "max_upload_size": describe_size(limits.max_upload_bytes),
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
        progress = batch_progress(batch=batch)
        context = {
            **self.admin_site.each_context(request),
            "title": str(batch),
            "opts": self.model._meta,
            "batch": batch,
            "progress": progress,
            "status_label": batch_status_label(progress),
            "failed_files": files.filter(status=ImportStatus.FAILED)[:REPORT_ROWS_SHOWN],
            "files": files[:REPORT_ROWS_SHOWN],
            "rows_shown": REPORT_ROWS_SHOWN,
            "is_running": batch.status in (BatchStatus.QUEUED, BatchStatus.RUNNING),
            "can_retry": self.has_add_permission(request) and not batch.worker,
            "previews": preview_batch(batch=batch, limit=PREVIEW_ROWS_SHOWN) if batch.is_preview and batch.status == BatchStatus.DONE else [],
            "can_publish": self.has_add_permission(request),
            **(extra_context or {}),
        }
        return TemplateResponse(request, "admin/articles/importbatch/report.html", context)

    def progress_view(self, request, batch_id):
        batch = self._viewable_batch(request, batch_id)
        progress = batch_progress(batch=batch)
        return JsonResponse({**progress.as_dict(), "status_label": batch_status_label(progress)})

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

    def publish_view(self, request, batch_id):
        """Publish the checked pages (or every previewed page with "publish all")."""
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        batch = self._changeable_batch(request, batch_id)
        values = request.POST.getlist("page")
        # A hand-made or stale form: "²" passes str.isdigit but not int(), 30 digits overflow the database.
        wrong = [value for value in values if not is_row_id(value, key=ImportFile._meta.pk)]
        row_ids = None if "all" in request.POST else [int(value) for value in values if value not in wrong]
        if wrong and row_ids is not None:
            self.message_user(
                request, f"Nothing was published: {wrong[0][:20]!r} is not a page of this batch; tick the pages again.",
                level=messages.ERROR,
            )
        elif row_ids == []:
            self.message_user(request, "No page was selected; tick the pages to publish.", level=messages.WARNING)
        else:
            count = publish_pages(batch=batch, row_ids=row_ids)
            self.message_user(request, f"{count} page(s) published and added to search.")
        return redirect(reverse("admin:articles_importbatch_change", args=[batch.pk]))

    def page_action_view(self, request, batch_id, row_id, action):
        """Fix a previewed page's title and date, drop one of its tags, or skip it."""
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        batch = self._changeable_batch(request, batch_id)
        row = get_object_or_404(batch.files.select_related("article"), pk=row_id)
        try:
            if action == "fix":
                form = PreviewFixForm(request.POST)
                if not form.is_valid():
                    raise PreviewError(f"Page {row.position}: {form.errors.as_text()}", row_id=row.pk)
                fix_page(row=row, title=form.cleaned_data["title"], published=form.cleaned_data["published"])
                done = f"Page {row.position}: title and date saved."
            elif action == "drop-tag":
                drop_tag(row=row, kind=request.POST.get("kind", ""), name=request.POST.get("name", ""), user=request.user)
                done = f"Page {row.position}: tag “{request.POST.get('name', '')}” dropped."
            elif action == "skip":
                skip_page(row=row)
                done = f"Page {row.position} skipped: it will not be published."
            else:
                raise Http404(f"No page action '{action}'.")
        except ArchiveError as error:
            self.message_user(request, str(error), level=messages.ERROR)
        else:
            self.message_user(request, done)
        return redirect(reverse("admin:articles_importbatch_change", args=[batch.pk]) + f"#page-{row.position}")

    def page_preview_view(self, request, batch_id, row_id):
        """The article page of a previewed (unpublished) page, as readers will see it once published."""
        batch = self._viewable_batch(request, batch_id)
        row = get_object_or_404(batch.files.select_related("article"), pk=row_id, article__isnull=False)
        view = get_article_page(slug=row.article.slug, is_preview=True)
        context = {"view": view, "article": view.article, "json_ld": {}, "is_preview": not view.article.is_published}
        return TemplateResponse(request, "articles/article.html", context)

    def _changeable_batch(self, request, batch_id) -> ImportBatch:
        batch = self._viewable_batch(request, batch_id)
        if not self.has_add_permission(request):
            raise PermissionDenied
        return batch

    def _viewable_batch(self, request, batch_id) -> ImportBatch:
        batch = get_object_or_404(ImportBatch, pk=batch_id)
        if not self.has_view_permission(request, batch):
            raise PermissionDenied
        return batch
