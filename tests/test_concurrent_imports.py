"""Imports running at once and imports killed mid-run, through the real command in separate processes,
on the suite's database engine (SQLite, or PostgreSQL when DATABASE_URL names one)."""

import json
import os
import signal
import subprocess
import sys
import uuid
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PAGES = 40


def run_manage(*arguments: str, env: dict[str, str], timeout: int = 180) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "manage.py", *arguments], cwd=ROOT, env=env, capture_output=True, text=True, timeout=timeout
    )


def start_manage(*arguments: str, env: dict[str, str]) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "manage.py", *arguments], cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )


@pytest.fixture
def command_env(tmp_path):
    """Environment for manage.py in child processes: a fresh, migrated database of the suite's engine."""
    base = {k: v for k, v in os.environ.items() if k not in ("DEBUG", "SECRET_KEY", "SEARCH_URL", "DATABASE_URL")}
    env = {**base, "SEARCH_URL": f"whoosh://{tmp_path / 'index'}", "MEDIA_ROOT": str(tmp_path / "media"),
           "PYTHONUNBUFFERED": "1", "LOG_LEVEL": "WARNING"}
    server_url = os.environ.get("DATABASE_URL", "")
    if server_url.startswith(("postgres://", "postgresql://")):
        import psycopg

        name = f"newsindex_cmd_{uuid.uuid4().hex[:10]}"
        admin_url = server_url.rsplit("/", 1)[0] + "/postgres"
        with psycopg.connect(admin_url, autocommit=True) as admin:
            admin.execute(f'CREATE DATABASE "{name}"')
        env["DATABASE_URL"] = server_url.rsplit("/", 1)[0] + "/" + name
        try:
            yield migrated(env)
        finally:
            with psycopg.connect(admin_url, autocommit=True) as admin:
                admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    else:
        env["DATABASE_URL"] = f"sqlite:///{tmp_path / 'db.sqlite3'}"
        yield migrated(env)


def migrated(env: dict[str, str]) -> dict[str, str]:
    result = run_manage("migrate", "--noinput", env=env)
    assert result.returncode == 0, result.stderr
    return env


@pytest.fixture
def page_folder(tmp_path):
    folder = tmp_path / "pages"
    folder.mkdir()
    for n in range(PAGES):
        (folder / f"page{n:02d}.txt").write_text(
            f"Talks round {n} in Geneva end without a deal\n\nSource: Sample Wire\nPublished: 2024-03-{n % 28 + 1:02d}\n\n"
            f"Negotiators left Geneva after round {n} of talks on a ceasefire in Gaza, officials said on the day.\n\n"
            f"Vladimir Putin said Russia would keep talking. Round {n} was the {n}th meeting this year.\n",
            encoding="utf-8",
        )
    return folder


def article_count(env: dict[str, str]) -> int:
    result = run_manage("shell", "-c", "from articles.models import Article; print(Article.objects.count())", env=env)
    assert result.returncode == 0, result.stderr
    return int(result.stdout.strip().splitlines()[-1])


def records(output: str) -> list[dict]:
    return [json.loads(line) for line in output.splitlines() if line.strip()]


def test_two_imports_of_one_folder_at_once_end_with_one_article_per_page_and_nothing_failed(command_env, page_folder):
    runs = [start_manage("import_pages", "--json", "--no-progress", str(page_folder), env=command_env) for _ in range(2)]
    outputs = [run.communicate(timeout=300) for run in runs]
    for run, (stdout, stderr) in zip(runs, outputs):
        statuses = [record["status"] for record in records(stdout)]
        assert len(statuses) == PAGES and "failed" not in statuses, stderr[-2000:]
        assert run.returncode == 0, stderr[-2000:]
    assert article_count(command_env) == PAGES
    check = run_manage("check_index", env=command_env)
    assert check.returncode == 0, check.stdout + check.stderr


def test_a_rerun_after_kill_9_indexes_what_the_killed_run_saved(command_env, page_folder):
    run = start_manage("import_pages", "--json", "--no-progress", str(page_folder), env=command_env)
    seen = 0
    for _line in run.stdout:  # pages are indexed in batches of 200: these are saved, not yet indexed
        seen += 1
        if seen == 10:
            os.kill(run.pid, signal.SIGKILL)
            break
    run.wait(timeout=60)
    assert run.returncode == -signal.SIGKILL
    assert run_manage("check_index", env=command_env).returncode != 0  # saved but not searchable yet

    rerun = run_manage("import_pages", "--json", "--no-progress", str(page_folder), env=command_env)
    assert rerun.returncode == 0, rerun.stderr[-2000:]
    check = run_manage("check_index", env=command_env)
    assert check.returncode == 0, check.stdout + check.stderr
    assert article_count(command_env) == PAGES
    search = run_manage(
        "shell", "-c",
        # The pages share one template, so they group as one story: count every copy.
        "from articles.search.service import SearchFilters, search_articles; "
        "print(search_articles('geneva', filters=SearchFilters(listing='copies')).total)",
        env=command_env
    )
    assert search.stdout.strip().splitlines()[-1] == str(PAGES)


@pytest.mark.django_db(transaction=True)
def test_a_deadlock_between_two_imports_is_a_conflict_the_page_is_imported_again_for():
    """PostgreSQL cancels one of two transactions that lock rows in opposite orders (the search engine's
    shared counts are written by every import); that page must be run again, not reported failed."""
    import threading

    from django.db import OperationalError, connection, connections

    from articles.imports.pipeline import is_conflict_with_another_import

    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL detects deadlocks; SQLite makes the second writer wait")
    with connection.cursor() as cursor:
        cursor.execute("CREATE TABLE deadlock_probe (id integer PRIMARY KEY, n integer)")
        cursor.execute("INSERT INTO deadlock_probe VALUES (1, 0), (2, 0)")
    both_hold_one, errors = threading.Barrier(2), []

    def lock_in_order(first: int, second: int) -> None:
        from django.db import transaction

        try:
            with transaction.atomic():
                with connections["default"].cursor() as cursor:
                    cursor.execute("UPDATE deadlock_probe SET n = n + 1 WHERE id = %s", [first])
                    both_hold_one.wait(timeout=10)
                    cursor.execute("UPDATE deadlock_probe SET n = n + 1 WHERE id = %s", [second])
        except OperationalError as error:
            errors.append(error)
        finally:
            connections["default"].close()

    threads = [threading.Thread(target=lock_in_order, args=order) for order in ((1, 2), (2, 1))]
    try:
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=30)
    finally:
        with connection.cursor() as cursor:
            cursor.execute("DROP TABLE deadlock_probe")
    assert len(errors) == 1, errors
    assert is_conflict_with_another_import(errors[0])
    assert not is_conflict_with_another_import(OperationalError("connection refused"))
