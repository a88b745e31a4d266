"""Import jobs from the admin: upload, background run, progress and report, retry, unpublish, redirects."""

import csv
import io
import threading
import zipfile
from datetime import date

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from haystack.query import SearchQuerySet

from articles.imports.jobs import batch_progress, create_import_batch, retry_failed_files, run_import_batch
from articles.imports.pipeline import PageDefaults
from articles.imports.queue import get_queue
from articles.models import Article, BatchStatus, ImportBatch, Leader
from articles.search.indexing import read_indexed_articles, remove_from_search_index
from articles.search.service import search_articles
from articles.settings import import_limits

PAGE = """{title}

Source: Demo Wire
{published}
French President Emmanuel Macron met German Chancellor Olaf Scholz in {city} on Thursday to discuss {topic}.

Energy prices

Macron and Scholz agreed that European gas storage must be filled before winter, a French official said.
"""


def page_text(city: str, *, topic: str = "energy prices", published: str = "Published: 2023-06-01\n", title: str = "") -> str:
    return PAGE.format(title=title or f"Macron Meets Scholz in {city}", published=published, city=city, topic=topic)


def zip_upload(name: str, members: dict[str, str | bytes]) -> SimpleUploadedFile:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for member, content in members.items():
            archive.writestr(member, content)
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="application/zip")


def search_titles(query: str) -> list[str]:
    return sorted(hit.article.title for hit in search_articles(query, page=1).hits)


@pytest.fixture
def immediate_queue(settings, tmp_path):
    """Run queued jobs at once in the test's thread (huey's immediate mode, in-memory storage)."""
    settings.ARTICLES_QUEUE_FILE = str(tmp_path / "queue.sqlite3")
    get_queue.cache_clear()
    queue = get_queue()
    queue.immediate = True
    yield queue
    get_queue.cache_clear()


@pytest.fixture
def staff_client(db, django_user_model):
    user = django_user_model.objects.create_user("editor", is_staff=True, is_superuser=True)
    client = Client()
    client.force_login(user)
    return client


def test_an_uploaded_zip_is_imported_by_the_job_with_a_report_per_page(db, search_index):
    upload = zip_upload("week.zip", {"a/paris.txt": page_text("Paris"), "a/berlin.txt": page_text("Berlin"), "logo.png": b"\x89PNG"})
    batch = create_import_batch(files=[upload])
    assert batch.status == BatchStatus.QUEUED and not batch.is_scanned

    batch = run_import_batch(batch_id=batch.pk)

    assert batch.status == BatchStatus.DONE
    rows = {row.name: row for row in batch.files.all()}
    assert {name: row.status for name, row in rows.items()} == {
        "week.zip/a/paris.txt": "created", "week.zip/a/berlin.txt": "created", "week.zip/logo.png": "failed"
    }
    assert "not an HTML or text page" in rows["week.zip/logo.png"].error
    assert rows["week.zip/a/paris.txt"].article.title == "Macron Meets Scholz in Paris"
    assert search_titles("Scholz") == ["Macron Meets Scholz in Berlin", "Macron Meets Scholz in Paris"]
    progress = batch_progress(batch=batch)
    assert (progress.done, progress.total, progress.counts["created"], progress.counts["failed"]) == (3, 3, 2, 1)


def test_a_leader_deleted_and_added_again_between_two_batches_tags_the_second_with_the_new_row(db, search_index):
    run_import_batch(batch_id=create_import_batch(files=[SimpleUploadedFile("paris.txt", page_text("Paris").encode())]).pk)
    scholz = Leader.objects.get(slug="olaf-scholz")
    fields = {field: getattr(scholz, field) for field in ("name", "slug", "aliases", "ambiguous_aliases", "country", "roles")}
    scholz.delete()  # an admin removes the leader by mistake and enters the same record again
    again = Leader.objects.create(**fields)

    batch = run_import_batch(batch_id=create_import_batch(files=[SimpleUploadedFile("berlin.txt", page_text("Berlin").encode())]).pk)

    [row] = batch.files.all()
    assert row.status == "created", row.error
    assert list(again.articles.values_list("title", flat=True)) == ["Macron Meets Scholz in Berlin"]
    assert again.mentions.filter(section__article__title="Macron Meets Scholz in Berlin").exists()


def test_default_source_and_date_apply_only_to_pages_without_them(db, search_index):
    undated = SimpleUploadedFile("undated.txt", page_text("Rome", published="").replace("Source: Demo Wire\n", "").encode())
    dated = SimpleUploadedFile("dated.txt", page_text("Paris").encode())
    batch = create_import_batch(files=[undated, dated], defaults=PageDefaults(source="Archive Desk", published=date(2020, 5, 4)))
    run_import_batch(batch_id=batch.pk)
    rome = Article.objects.get(title__endswith="Rome")
    paris = Article.objects.get(title__endswith="Paris")
    assert (rome.source, rome.published) == ("Archive Desk", date(2020, 5, 4))
    assert (paris.source, paris.published) == ("Demo Wire", date(2023, 6, 1))


def test_the_same_article_from_another_file_and_url_updates_instead_of_duplicating(db, search_index):
    first = create_import_batch(files=[SimpleUploadedFile("one.txt", page_text("Paris").encode())])
    run_import_batch(batch_id=first.pk)
    moved = page_text("Paris").replace("Source: Demo Wire\n", "Source: Demo Wire\nURL: https://mirror.example/macron\n")
    renamed = moved.replace("Macron Meets Scholz in Paris", "Macron and Scholz Talk Energy", 1)
    second = create_import_batch(files=[SimpleUploadedFile("copy-of-one.txt", renamed.encode())])
    run_import_batch(batch_id=second.pk)

    [row] = second.files.all()
    assert row.status == "updated"
    article = Article.objects.get()
    assert article.title == "Macron and Scholz Talk Energy"
    assert article.slug == "macron-meets-scholz-in-paris"  # the permalink is kept
    assert search_titles("Scholz") == ["Macron and Scholz Talk Energy"]


def test_reimporting_a_batch_reports_every_page_unchanged(db, search_index):
    files = lambda: [zip_upload("week.zip", {"paris.txt": page_text("Paris"), "berlin.txt": page_text("Berlin")})]  # noqa: E731
    run_import_batch(batch_id=create_import_batch(files=files()).pk)
    again = run_import_batch(batch_id=create_import_batch(files=files()).pk)
    assert sorted(again.files.values_list("status", flat=True)) == ["unchanged", "unchanged"]
    assert Article.objects.count() == 2


def test_retry_failed_queues_only_the_failed_pages_and_records_who(db, search_index, django_user_model):
    user = django_user_model.objects.create_user("retrier", is_staff=True)
    batch = create_import_batch(files=[SimpleUploadedFile("empty.txt", b""), SimpleUploadedFile("ok.txt", page_text("Paris").encode())])
    run_import_batch(batch_id=batch.pk)
    assert retry_failed_files(batch=batch, user=user) == 1
    batch.refresh_from_db()
    assert (batch.status, batch.retried_by) == (BatchStatus.QUEUED, user)
    batch = run_import_batch(batch_id=batch.pk)
    statuses = dict(batch.files.values_list("name", "status"))
    assert statuses == {"empty.txt": "failed", "ok.txt": "created"}
    assert Article.objects.count() == 1


def test_upload_over_the_limit_is_refused_with_the_setting_named(staff_client, settings):
    settings.ARTICLES_MAX_UPLOAD_BYTES = 100
    response = staff_client.post(
        reverse("admin:articles_importbatch_add"), {"files": [SimpleUploadedFile("big.txt", b"x" * 200)]}
    )
    assert response.status_code == 200
    assert "ARTICLES_MAX_UPLOAD_BYTES" in response.content.decode()
    assert ImportBatch.objects.count() == 0


def test_an_upload_is_not_read_past_the_limit(staff_client, settings, media_root):
    settings.ARTICLES_MAX_UPLOAD_BYTES = 1000
    files = [SimpleUploadedFile(f"p{n}.txt", b"x" * 600) for n in range(3)]
    response = staff_client.post(reverse("admin:articles_importbatch_add"), {"files": files})
    assert response.status_code == 200
    assert "over 1,000 bytes (ARTICLES_MAX_UPLOAD_BYTES); nothing was stored" in response.content.decode()
    assert ImportBatch.objects.count() == 0
    assert not (media_root / "imports").exists()


@pytest.mark.parametrize("value", [0, -5, "10MB", 2.5, True])
def test_a_bad_limit_setting_raises_improperly_configured_naming_it(settings, value):
    settings.ARTICLES_MAX_PAGE_BYTES = value
    with pytest.raises(ImproperlyConfigured, match="ARTICLES_MAX_PAGE_BYTES"):
        import_limits()


def test_admin_upload_returns_at_once_then_the_queued_job_imports_and_the_page_reports(
    staff_client, search_index, immediate_queue, django_capture_on_commit_callbacks
):
    upload = zip_upload("week.zip", {"paris.txt": page_text("Paris"), "../evil.txt": page_text("Evil")})
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = staff_client.post(reverse("admin:articles_importbatch_add"), {"files": [upload], "source": "", "published": ""})
    batch = ImportBatch.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("admin:articles_importbatch_change", args=[batch.pk])
    assert batch.status == BatchStatus.QUEUED and batch.created_by.username == "editor"

    for callback in callbacks:  # the commit: enqueue, which immediate mode runs now
        callback()
    batch.refresh_from_db()
    assert batch.status == BatchStatus.DONE

    page = staff_client.get(reverse("admin:articles_importbatch_change", args=[batch.pk])).content.decode()
    assert "Macron Meets Scholz in Paris" in page and "/articles/macron-meets-scholz-in-paris/" in page
    assert "Unsafe path" in page and "Retry failed pages (1)" in page
    listing = staff_client.get(reverse("admin:articles_importbatch_changelist")).content.decode()
    assert "week.zip" in listing and "2 / 2" in listing
    progress = staff_client.get(reverse("admin:articles_importbatch_progress", args=[batch.pk])).json()
    assert (progress["done"], progress["total"], progress["status"]) == (2, 2, "done")
    report = staff_client.get(reverse("admin:articles_importbatch_csv", args=[batch.pk]))
    rows = list(csv.DictReader(io.StringIO(report.content.decode())))
    assert [(r["file"], r["status"]) for r in rows] == [("week.zip/paris.txt", "created"), ("week.zip/../evil.txt", "failed")]
    assert rows[0]["url"].endswith("/articles/macron-meets-scholz-in-paris/")


@pytest.mark.parametrize("name", ["add", "changelist"])
def test_anonymous_users_get_the_login_page_for_imports(db, client, name):
    response = client.get(reverse(f"admin:articles_importbatch_{name}"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("admin:login"))


def test_non_staff_users_cannot_see_reports(db, django_user_model):
    batch = ImportBatch.objects.create()
    user = django_user_model.objects.create_user("reader")
    client = Client()
    client.force_login(user)
    for url in (
        reverse("admin:articles_importbatch_change", args=[batch.pk]),
        reverse("admin:articles_importbatch_csv", args=[batch.pk]),
        reverse("admin:articles_importbatch_progress", args=[batch.pk]),
    ):
        response = client.get(url)
        assert response.status_code == 302 and response["Location"].startswith(reverse("admin:login")), url


def test_an_upload_without_a_csrf_token_is_refused(staff_client):
    staff_client.handler.enforce_csrf_checks = True
    response = staff_client.post(reverse("admin:articles_importbatch_add"), {"files": [SimpleUploadedFile("a.txt", b"x")]})
    assert response.status_code == 403
    assert ImportBatch.objects.count() == 0


def test_unpublish_and_delete_from_the_admin_remove_articles_from_search_at_once(
    staff_client, search_index, django_capture_on_commit_callbacks
):
    run_import_batch(batch_id=create_import_batch(files=[
        SimpleUploadedFile("paris.txt", page_text("Paris").encode()),
        SimpleUploadedFile("berlin.txt", page_text("Berlin", topic="defence").encode()),
    ]).pk)
    paris, berlin = Article.objects.get(title__endswith="Paris"), Article.objects.get(title__endswith="Berlin")
    changelist = reverse("admin:articles_article_changelist")
    with django_capture_on_commit_callbacks(execute=True):
        staff_client.post(changelist, {"action": "unpublish_articles", "_selected_action": [paris.pk]})
    assert search_titles("Scholz") == ["Macron Meets Scholz in Berlin"]
    assert set(read_indexed_articles()) == {berlin.pk}
    assert staff_client.get(paris.get_absolute_url()).status_code == 404

    with django_capture_on_commit_callbacks(execute=True):
        staff_client.post(changelist, {"action": "delete_selected", "_selected_action": [berlin.pk], "post": "yes"})
    assert not Article.objects.filter(pk=berlin.pk).exists()
    assert search_titles("Scholz") == []
    assert read_indexed_articles() == {}


def test_an_unpublished_article_leaves_the_search_totals_and_facets_at_once(db, search_index):
    run_import_batch(batch_id=create_import_batch(files=[
        SimpleUploadedFile("paris.txt", page_text("Paris").encode()),
        SimpleUploadedFile("berlin.txt", page_text("Berlin", topic="defence").encode()),
    ]).pk)
    assert search_articles("Scholz", page=1).total == 2  # this thread's searcher is now open
    paris = Article.objects.get(title__endswith="Paris")
    Article.objects.filter(pk=paris.pk).update(is_published=False)
    remove_from_search_index(article_ids=[paris.pk])
    result = search_articles("Scholz", page=1)
    assert (result.total, len(result.hits)) == (1, 1)
    assert {value.value: value.count for value in result.facets["source"]} == {"Demo Wire": 1}


def test_a_changed_slug_keeps_the_old_permalink_as_a_301(staff_client, search_index):
    run_import_batch(batch_id=create_import_batch(files=[SimpleUploadedFile("paris.txt", page_text("Paris").encode())]).pk)
    article = Article.objects.get()
    old_url = article.get_absolute_url()
    change_url = reverse("admin:articles_article_change", args=[article.pk])
    form = staff_client.get(change_url).context["adminform"].form
    data = {name: value for name, value in form.initial.items() if value is not None and name not in ("leaders", "countries", "topics", "raw_file")}
    data.update({
        "slug": "macron-scholz-paris", "published": "2023-06-01",
        "leaders": [leader.pk for leader in article.leaders.all()], "countries": [c.pk for c in article.countries.all()],
        "topics": [t.pk for t in article.topics.all()],
        "sections-TOTAL_FORMS": "0", "sections-INITIAL_FORMS": "0",
    })
    response = staff_client.post(change_url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors if response.context else ""

    redirect = staff_client.get(f"{old_url}?q=scholz")
    assert redirect.status_code == 301
    assert redirect["Location"] == "/articles/macron-scholz-paris/?q=scholz"
    assert staff_client.get("/articles/macron-scholz-paris/").status_code == 200


def test_searches_keep_answering_while_an_import_writes_the_index(db, search_index, settings):
    settings.ARTICLES_INDEX_BATCH_SIZE = 1  # one index commit per page: the most writer churn
    run_import_batch(batch_id=create_import_batch(files=[SimpleUploadedFile("seed.txt", page_text("Paris").encode())]).pk)
    pages = {f"p{n}.txt": page_text(f"City{n}", topic=f"topic{n} talks") for n in range(12)}
    batch = create_import_batch(files=[zip_upload("many.zip", pages)])
    counts, errors, done = [], [], threading.Event()

    def search_until_done():
        while not done.is_set():
            try:
                counts.append(SearchQuerySet().filter(content="Scholz").count())
            except Exception as error:  # the assertion below reports it
                errors.append(error)

    reader = threading.Thread(target=search_until_done)
    reader.start()
    try:
        run_import_batch(batch_id=batch.pk)
    finally:
        done.set()
        reader.join(timeout=30)
    assert errors == []
    assert counts and min(counts) >= 1
    assert counts == sorted(counts)  # never a dip while segments are merged
    assert SearchQuerySet().filter(content="Scholz").count() == 13


# --- The fault test: a real worker process killed with SIGKILL mid-batch, then restarted. ---

FAULT_PAGES_PER_BATCH = 20
FAULT_SETUP = """
import json, sys
from django.core.files import File
from articles.imports.jobs import create_import_batch
from articles.models import Article
ids = []
for path in sys.argv[1:]:
    with open(path, "rb") as upload:
        ids.append(create_import_batch(files=[File(upload, name=path.rsplit("/", 1)[-1])]).pk)
print(json.dumps({"batch_ids": ids, "articles_before": Article.objects.count()}))
"""
FAULT_STATE = """
import json, sys
from articles.search.consistency import check_search_index
from articles.models import Article, ImportBatch, ImportFile
batch_ids = json.loads(sys.argv[1])
files = ImportFile.objects.filter(batch__in=batch_ids)
articles = Article.objects.filter(import_files__batch__in=batch_ids).distinct()
report = check_search_index()
print(json.dumps({
    "batches": sorted(ImportBatch.objects.filter(pk__in=batch_ids).values_list("status", flat=True)),
    "files": {s: files.filter(status=s).count() for s in ("pending", "created", "updated", "unchanged", "failed")},
    "errors": list(files.filter(status="failed").values_list("error", flat=True)[:3]),
    "articles": articles.count(),
    "all_articles": Article.objects.count(),
    "articles_without_sections": Article.objects.filter(sections__isnull=True).count(),
    "done_rows_without_article": files.filter(status__in=("created", "updated"), article__isnull=True).count(),
    "index": {"missing": len(report.missing), "stale": len(report.stale), "orphaned": len(report.orphaned)},
}))
"""


def manage(env, *args, stdin_script: str | None = None) -> str:
    import subprocess
    import sys

    command = [sys.executable, "manage.py", *args]
    result = subprocess.run(command, env=env, capture_output=True, text=True, timeout=120, input=stdin_script)
    assert result.returncode == 0, result.stderr[-3000:]
    return result.stdout


def run_script(env, script: str, *args: str) -> str:
    import subprocess
    import sys

    wrapped = "import django, sys; django.setup()\n" + script
    result = subprocess.run(
        [sys.executable, "-c", wrapped, *args], env=env, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr[-3000:]
    return result.stdout.strip().splitlines()[-1]


class WorkerProcess:
    """manage.py run_import_worker in a subprocess, its log lines read by a thread (no sleeping)."""

    def __init__(self, env):
        import queue
        import subprocess
        import sys

        self.lines = queue.Queue()
        self.log: list[str] = []  # every line read so far, for a failing assertion's message
        self.process = subprocess.Popen(
            [sys.executable, "manage.py", "run_import_worker", "--workers", "2"],
            env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
        )
        threading.Thread(target=self._pump, daemon=True).start()

    def _pump(self):
        for line in self.process.stdout:
            self.lines.put(line)

    def wait_for(self, text: str, *, count: int, timeout: float = 120) -> list[str]:
        """Return the lines read until count of them contained text."""
        import queue
        import time

        deadline, seen, lines = time.monotonic() + timeout, 0, []
        while seen < count:
            remaining = deadline - time.monotonic()
            assert remaining > 0, f"saw {seen} of {count} '{text}' lines; last lines: {lines[-5:]}"
            try:
                line = self.lines.get(timeout=remaining)
            except queue.Empty:
                continue
            lines.append(line)
            self.log.append(line)
            seen += text in line
        return lines

    def kill(self) -> None:
        self.process.kill()  # SIGKILL: no cleanup, no rollback handlers, like a crash
        self.process.wait(timeout=30)


@pytest.fixture
def worker_env(tmp_path, db):
    """Environment for subprocesses: their own migrated database, index, media and queue file in tmp_path.

    A new database, migrated: a SQLite file in tmp_path, or a new PostgreSQL database.
    """
    import os


    env = {
        **os.environ, "PYTHONUNBUFFERED": "1", "LOG_LEVEL": "INFO", "LOG_STREAM": "stdout",
        "SEARCH_INDEX_DIR": str(tmp_path / "index"), "MEDIA_ROOT": str(tmp_path / "media"),
        "ARTICLES_QUEUE_FILE": str(tmp_path / "queue.sqlite3"), "DJANGO_SETTINGS_MODULE": "newsindex.settings",
    }
    env.pop("SEARCH_URL", None)
    server_url = os.environ.get("DATABASE_URL", "")
    if server_url.startswith("postgres"):
        import uuid

        import psycopg

        name = f"newsindex_fault_{uuid.uuid4().hex[:12]}"
        base = server_url.rsplit("/", 1)[0]
        with psycopg.connect(f"{base}/postgres", autocommit=True) as admin:
            admin.execute(f'CREATE DATABASE "{name}"')
        env["DATABASE_URL"] = f"{base}/{name}"
        manage(env, "migrate", "--noinput", "-v0")
        yield env
        with psycopg.connect(f"{base}/postgres", autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    else:
        # A file of its own, migrated: copying the in-memory test database with SQLite's backup API
        # waited forever for a lock when an earlier module's live server had shared that database.
        env["DATABASE_URL"] = f"sqlite:///{tmp_path / 'fault.sqlite3'}"
        manage(env, "migrate", "--noinput", "-v0")
        yield env


def test_a_worker_killed_mid_batch_leaves_nothing_half_done_and_resumes_both_batches(worker_env, tmp_path):
    import json

    uploads = []
    for letter in "AB":
        path = tmp_path / f"batch-{letter}.zip"
        with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
            for n in range(FAULT_PAGES_PER_BATCH):
                archive.writestr(f"{letter}{n}.txt", page_text(f"Town{letter}{n}", topic=f"subject{letter}{n} talks"))
        uploads.append(str(path))

    setup = json.loads(run_script(worker_env, FAULT_SETUP, *uploads))
    batch_ids, articles_before = setup["batch_ids"], setup["articles_before"]
    assert len(batch_ids) == 2

    worker = WorkerProcess(worker_env)
    worker.wait_for("import created", count=5)
    worker.kill()

    after_kill = json.loads(run_script(worker_env, FAULT_STATE, json.dumps(batch_ids)))
    total = 2 * FAULT_PAGES_PER_BATCH
    assert 3 <= after_kill["files"]["created"] < total  # the last logged pages may not have committed
    # Every saved article is recorded as created, and no other article appeared (none half-saved, unrecorded).
    assert after_kill["articles"] == after_kill["files"]["created"] == after_kill["all_articles"] - articles_before
    assert after_kill["articles_without_sections"] == 0 and after_kill["done_rows_without_article"] == 0
    assert after_kill["index"]["orphaned"] == 0 and after_kill["index"]["stale"] == 0  # the index never runs ahead

    restarted = WorkerProcess(worker_env)
    startup = restarted.wait_for("Import worker running", count=1)
    requeued = sum("Re-queued import" in line for line in startup)
    assert requeued >= 1
    restarted.wait_for("done:", count=requeued)
    restarted.kill()

    final = json.loads(run_script(worker_env, FAULT_STATE, json.dumps(batch_ids)))
    assert final["batches"] == ["done", "done"], "".join(worker.log[-20:] + ["--- restarted\n"] + restarted.log)
    assert final["files"] == {"pending": 0, "created": total, "updated": 0, "unchanged": 0, "failed": 0}, final["errors"]
    assert final["articles"] == total == final["all_articles"] - articles_before
    assert final["articles_without_sections"] == 0
    assert final["index"] == {"missing": 0, "stale": 0, "orphaned": 0}


def make_batch(*, status: str, statuses: list[str]) -> ImportBatch:
    from articles.models import ImportFile

    batch = ImportBatch.objects.create(status=status, uploads=[{"name": "week.zip", "path": "x", "size": 1}], is_scanned=True, total=len(statuses))
    ImportFile.objects.bulk_create(
        ImportFile(batch=batch, position=n, name=f"p{n}.txt", status=s, error="No article body" if s == "failed" else "")
        for n, s in enumerate(statuses)
    )
    return batch


@pytest.mark.parametrize(
    "statuses, label",
    [
        (["created", "created"], "done"),
        (["created", "failed", "failed"], "done with 2 failures"),
        (["created", "failed"], "done with 1 failure"),
        (["failed", "failed"], "failed"),
    ],
)
def test_a_finished_batch_says_how_many_pages_failed(staff_client, statuses, label):
    batch = make_batch(status=BatchStatus.DONE, statuses=statuses)
    page = staff_client.get(reverse("admin:articles_importbatch_change", args=[batch.pk])).content.decode()
    assert f'<strong id="progress-status">{label}</strong>' in page
    listing = staff_client.get(reverse("admin:articles_importbatch_changelist")).content.decode()
    assert f">{label}</td>" in listing
    progress = staff_client.get(reverse("admin:articles_importbatch_progress", args=[batch.pk])).json()
    assert progress["status_label"] == label


def test_a_running_batch_page_shows_its_counts_so_far_and_its_pages(staff_client):
    batch = make_batch(status=BatchStatus.RUNNING, statuses=["created", "created", "failed", "pending", "pending"])
    page = staff_client.get(reverse("admin:articles_importbatch_change", args=[batch.pk])).content.decode()
    assert 'created <span data-count="created">2</span>' in page
    assert 'failed <span data-count="failed">1</span>' in page and 'pending <span data-count="pending">2</span>' in page
    assert "No pages listed yet" not in page and "p4.txt" in page
    assert "<script>" not in page  # the live updates are in static/js/import-progress.js (no inline script)


def test_a_batch_not_yet_listed_says_its_pages_appear_once_the_job_lists_them(staff_client):
    batch = ImportBatch.objects.create(status=BatchStatus.QUEUED, uploads=[{"name": "week.zip", "path": "x", "size": 1}])
    page = staff_client.get(reverse("admin:articles_importbatch_change", args=[batch.pk])).content.decode()
    assert "they appear here once it lists the upload" in page
    assert 'data-listed="0"' in page


def test_the_import_form_and_its_refusals_state_the_limits_as_they_are_set(staff_client, settings):
    # The limits are set in MB of 1024 * 1024 bytes: the default page limit reads "20 MB", not "21" or "20.9715".
    form = staff_client.get(reverse("admin:articles_importbatch_add")).content.decode()
    assert "Limits: 20 MB per page,\n  200 MB per upload." in form
    settings.ARTICLES_MAX_PAGE_BYTES = 3 * 1024 * 1024 // 2
    page = SimpleUploadedFile("big.html", b"x" * (2 * 1024 * 1024))
    refusal = staff_client.post(reverse("admin:articles_importbatch_add"), {"files": [page]}).content.decode()
    assert "&#x27;big.html&#x27; is 2 MB; a page may be at most 1.5 MB (ARTICLES_MAX_PAGE_BYTES)" in refusal
