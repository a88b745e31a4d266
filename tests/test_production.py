"""Production mode: deploy checks with the documented settings, /healthz, JSON request logs, static files."""

import json
import logging
import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command
from django.templatetags.static import static

from newsindex.logs import JsonFormatter

ROOT = Path(__file__).resolve().parent.parent
PRODUCTION_ENV_FILE = ROOT / "deploy" / "production.env"


def read_env_file(path: Path) -> dict[str, str]:
    pairs = (line.split("=", 1) for line in path.read_text().splitlines() if line.strip() and not line.startswith("#"))
    return {name.strip(): value.strip() for name, value in pairs}


def run_manage(*arguments: str, env: dict[str, str]) -> subprocess.CompletedProcess:
    # A fresh interpreter: settings are read from the environment once, at startup.
    base = {k: v for k, v in os.environ.items() if k not in ("DEBUG", "SECRET_KEY", "SEARCH_URL")}
    return subprocess.run(
        [sys.executable, "manage.py", *arguments], cwd=ROOT, env={**base, **env}, capture_output=True, text=True, timeout=60
    )


def test_check_deploy_reports_nothing_with_the_documented_production_settings():
    env = {**read_env_file(PRODUCTION_ENV_FILE), "SECRET_KEY": secrets.token_urlsafe(50)}
    result = run_manage("check", "--deploy", "--fail-level", "WARNING", env=env)
    assert result.returncode == 0, result.stderr
    assert "System check identified no issues" in result.stdout


def test_check_deploy_fails_when_production_keeps_the_demo_secret_key():
    result = run_manage("check", "--deploy", "--fail-level", "WARNING", env=read_env_file(PRODUCTION_ENV_FILE))
    assert result.returncode != 0
    assert "security.W009" in result.stderr


def test_a_bad_search_url_stops_startup_naming_the_setting():
    result = run_manage("check", env={"SEARCH_URL": "ftp://search.example.org/index"})
    assert result.returncode != 0
    assert "SEARCH_URL='ftp://search.example.org/index' cannot be used: unknown engine 'ftp'" in result.stderr


def test_healthz_is_ok_when_the_database_and_the_index_answer(client, seed_article):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "checks": {"database": "ok", "search": "ok"}}


def test_healthz_is_ok_on_a_fresh_install_whose_index_is_still_empty(client, db, search_index):
    # Before any import or search: a load balancer must route to the new site so an admin can upload.
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "checks": {"database": "ok", "search": "ok"}}


def test_healthz_is_503_when_the_database_cannot_be_queried_and_tells_the_reason_only_to_the_log(
    client, search_index, caplog
):
    # Without the db fixture pytest-django refuses every query: the same path as a database that is down.
    with caplog.at_level(logging.ERROR, logger="newsindex.health"):
        response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json() == {"status": "error", "checks": {"database": "error", "search": "ok"}}
    assert "Database access not allowed" in caplog.text


def test_healthz_is_503_without_showing_the_index_path_when_the_index_cannot_open(client, db, search_index, tmp_path, settings, caplog):
    from haystack import connections

    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the index folder should be")
    settings.HAYSTACK_CONNECTIONS = {"default": {**settings.HAYSTACK_CONNECTIONS["default"], "PATH": str(blocker / "index")}}
    connections.connections_info = settings.HAYSTACK_CONNECTIONS
    connections.reload("default")
    with caplog.at_level(logging.ERROR, logger="newsindex.health"):
        response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json() == {"status": "error", "checks": {"database": "ok", "search": "error"}}
    assert str(tmp_path) not in response.content.decode()
    assert str(blocker) in caplog.text


def test_healthz_is_exempt_from_the_https_redirect_for_plain_http_probes(client, seed_article, settings):
    settings.SECURE_SSL_REDIRECT = True
    assert client.get("/healthz").status_code == 200
    assert client.get("/").status_code == 301


def test_every_request_is_logged_with_path_status_and_duration(client, db, caplog):
    with caplog.at_level(logging.INFO, logger="newsindex.requests"):
        client.get("/articles/no-such-article/")
    [record] = [r for r in caplog.records if r.name == "newsindex.requests"]
    line = json.loads(JsonFormatter().format(record))
    assert line["message"] == "GET /articles/no-such-article/ 404"
    assert (line["method"], line["path"], line["status"]) == ("GET", "/articles/no-such-article/", 404)
    assert line["duration_ms"] >= 0
    assert line["level"] == "INFO" and line["logger"] == "newsindex.requests"


def test_json_log_lines_carry_the_exception_text():
    try:
        raise ValueError("broken page")
    except ValueError:
        record = logging.getLogger("articles.imports.pipeline").makeRecord(
            "articles.imports.pipeline", logging.ERROR, __file__, 1, "import failed: %s", ("x.html",), sys.exc_info()
        )
    line = json.loads(JsonFormatter().format(record))
    assert line["message"] == "import failed: x.html"
    assert "ValueError: broken page" in line["exception"]


def test_collectstatic_writes_hashed_compressed_files_that_are_served_with_long_cache(client, settings, tmp_path):
    settings.STATIC_ROOT = tmp_path / "static"
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
    }
    settings.WHITENOISE_USE_FINDERS = False
    settings.WHITENOISE_AUTOREFRESH = False
    call_command("collectstatic", interactive=False, verbosity=0)
    url = static("css/site.css")
    assert url != "/static/css/site.css" and url.endswith(".css")
    assert (settings.STATIC_ROOT / url.removeprefix("/static/")).with_suffix(".css.gz").exists()
    response = client.get(url, HTTP_ACCEPT_ENCODING="gzip")
    assert response.status_code == 200
    assert response["Content-Encoding"] == "gzip"
    assert "immutable" in response["Cache-Control"]


@pytest.mark.django_db(transaction=True)
def test_migrations_reverse_to_zero_and_apply_again():
    call_command("migrate", "articles", "zero", verbosity=0)
    call_command("migrate", verbosity=0)
    from articles.models import Country

    assert Country.objects.exists()  # the gazetteer seed ran again


@pytest.mark.django_db
def test_a_seed_that_fails_halfway_stores_none_of_its_leaders():
    from django.db import IntegrityError

    from articles.entities.tables import seed_entities
    from articles.models import Leader
    from articles.tagging.types import Gazetteer, LeaderEntry

    twice = Gazetteer(leaders=(LeaderEntry(name="Ann Example"), LeaderEntry(name="Bo Example"), LeaderEntry(name="Ann Example")))
    with pytest.raises(IntegrityError):
        seed_entities(gazetteer=twice)

    assert not Leader.objects.filter(name__endswith=" Example").exists()


def test_import_pages_json_prints_only_records_on_stdout_and_logs_on_stderr(tmp_path):
    pages = tmp_path / "pages"
    pages.mkdir()
    for n in range(3):
        (pages / f"page{n}.txt").write_text(
            f"Talks number {n} end in Geneva\n\nNegotiators left Geneva on day {n} after talks on a ceasefire in Gaza.\n"
        )
    env = {"DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}", "SEARCH_URL": f"whoosh://{tmp_path / 'index'}",
           "MEDIA_ROOT": str(tmp_path / "media")}
    env.pop("LOG_STREAM", None)
    assert run_manage("migrate", "--noinput", env=env).returncode == 0
    result = run_manage("import_pages", "--json", str(pages), env=env)
    assert result.returncode == 0, result.stderr
    records = [json.loads(line) for line in result.stdout.splitlines()]
    assert [(r["file"].rsplit("/", 1)[-1], r["status"]) for r in records] == [(f"page{n}.txt", "created") for n in range(3)]
    assert '"logger": "articles.imports.pipeline"' in result.stderr
