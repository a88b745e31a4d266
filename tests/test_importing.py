"""Importing pages: created, unchanged on re-import, updated in place, failures reported and isolated."""

import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from articles.models import Article, Section
from tests.conftest import SEED_PAGE, write_page

SEED_HEADINGS = [
    "",
    "Call centers on Gaza ceasefire",
    "Russia’s push on Palestinian issue",
    "Focus on Iran’s nuclear program",
    "Syria as a critical theater",
    "Balancing acts and great‑power signaling",
    "Humanitarian backdrop to diplomatic moves",
]

SHORT_PAGE = """Macron Meets Scholz in Paris

Source: Demo Wire
Published: 2023-06-01

French President Emmanuel Macron met German Chancellor Olaf Scholz in Paris on Thursday to discuss energy prices.

Energy prices

Macron and Scholz agreed that European gas storage must be filled before winter, a French official said.
"""


def test_seed_page_is_stored_split_by_section(seed_article):
    sections = list(seed_article.sections.order_by("position"))
    assert seed_article.title == "Putin and Netanyahu Discuss Gaza, Iran and Syria"
    assert [s.heading for s in sections] == SEED_HEADINGS
    assert sections[0].anchor == "intro"
    assert sections[-1].text.endswith("the uncertain trajectory of Iran’s nuclear ambitions.")
    stored = "\n".join(s.text for s in sections)
    for boilerplate in ("Subscribe to Our Newsletter", "Related Articles", "Top Trending", "Transcription Services"):
        assert boilerplate not in stored


def test_seed_page_is_tagged_with_its_leaders_countries_and_topics(seed_article):
    assert {leader.name for leader in seed_article.leaders.all()} == {"Vladimir Putin", "Benjamin Netanyahu"}
    countries = {c.name for c in seed_article.countries.all()}
    required = {"Russia", "Israel", "Iran", "Syria", "Egypt", "Qatar", "United States", "Turkey", "Ukraine"}
    assert required <= countries
    assert countries - required <= {"Palestine", "Lebanon"}
    topics = {t.slug for t in seed_article.topics.all()}
    assert any("ceasefire" in t for t in topics), topics
    assert any("nuclear" in t for t in topics), topics


def test_mentions_point_at_the_section_and_sentence_where_they_occur(seed_article):
    kremlin = seed_article.sections.get(position=1).countrymention_set.filter(matched__icontains="Kremlin").first()
    assert kremlin is not None and kremlin.country.name == "Russia"
    section_text = kremlin.section.text
    assert section_text[kremlin.start : kremlin.end] == kremlin.matched
    assert "Kremlin’s readout" in kremlin.sentence


def test_reimporting_the_same_page_is_unchanged_and_keeps_the_slug(imported, seed_article):
    [again] = imported(SEED_PAGE)
    assert again.status == "unchanged"
    assert again.slug == seed_article.slug
    assert Article.objects.count() == 1


def test_a_changed_page_is_updated_in_place(imported, tmp_path):
    page = write_page(tmp_path, "macron.txt", SHORT_PAGE)
    [first] = imported(page)
    page.write_text(SHORT_PAGE.replace("energy prices.", "energy prices and defence."), encoding="utf-8")
    [second] = imported(page)
    assert (first.status, second.status) == ("created", "updated")
    assert second.slug == first.slug
    assert Article.objects.count() == 1
    assert "defence" in Article.objects.get().sections.get(position=0).text


def test_a_changed_page_in_a_zip_member_with_a_very_long_name_is_updated_in_place(imported, tmp_path):
    # Zip member names may be far longer than a disk's file names; the stored name is cut to its
    # column, and a re-import must find the article by that same cut name.
    name = "pages/" + "macron-meets-scholz-" * 40 + ".txt"
    for number, text in enumerate((SHORT_PAGE, SHORT_PAGE.replace("energy prices.", "energy prices and defence."))):
        archive = tmp_path / f"batch{number}.zip"
        with zipfile.ZipFile(archive, "w") as z:
            z.writestr(name, text)
        [result] = imported(archive)
    assert result.status == "updated"
    assert Article.objects.count() == 1
    assert "defence" in Article.objects.get().sections.get(position=0).text


@pytest.mark.parametrize(
    "name, content, reason",
    [
        ("empty.txt", b"", "empty"),
        ("image.html", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x10" * 20, "binary"),
    ],
)
def test_a_bad_file_fails_with_its_reason_and_the_others_still_import(imported, tmp_path, name, content, reason):
    bad = tmp_path / name
    bad.write_bytes(content)
    good = write_page(tmp_path, "good.txt", SHORT_PAGE)
    results = {r.file: r for r in imported(bad, good)}
    assert results[str(bad)].status == "failed"
    assert reason in results[str(bad)].error.lower()
    assert results[str(good)].status == "created"
    assert Article.objects.count() == 1
    assert Section.objects.filter(article__isnull=True).count() == 0


def test_zip_archives_import_their_pages_and_refuse_unsafe_members(imported, tmp_path):
    archive = tmp_path / "batch.zip"
    with zipfile.ZipFile(archive, "w") as z:
        z.writestr("pages/macron.txt", SHORT_PAGE)
        z.writestr("../escape.txt", SHORT_PAGE.replace("Paris", "Berlin"))
        z.writestr("notes.exe", b"MZ...")
    statuses = {r.file.split("/")[-1]: (r.status, r.error) for r in imported(archive)}
    assert statuses["macron.txt"][0] == "created"
    assert statuses["escape.txt"][0] == "failed" and "Unsafe path" in statuses["escape.txt"][1]
    assert statuses["notes.exe"][0] == "failed" and "not an HTML or text page" in statuses["notes.exe"][1]


def test_import_command_prints_json_lines_and_fails_when_a_page_failed(db, search_index, tmp_path, capsys):
    good = write_page(tmp_path, "good.txt", SHORT_PAGE)
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    with pytest.raises(CommandError, match="1 page\\(s\\) failed"):
        call_command("import_pages", str(good), str(empty), "--json")
    lines = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert [line["status"] for line in lines] == ["created", "failed"]
    assert set(lines[0]) == {"file", "status", "slug", "url", "error", "warnings"}
    assert lines[0]["url"] == f"/articles/{lines[0]['slug']}/"
    assert lines[1]["error"]


# Two manage.py processes (migrate, import): a few seconds.
@pytest.mark.slow
def test_import_command_with_json_prints_only_records_on_stdout_even_when_logs_go_to_stdout(tmp_path):
    root = Path(__file__).resolve().parent.parent
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}", "SEARCH_URL": f"whoosh://{tmp_path / 'index'}",
           "MEDIA_ROOT": str(tmp_path / "media"), "LOG_STREAM": "stdout", "LOG_LEVEL": "INFO"}

    def manage(*arguments):
        return subprocess.run([sys.executable, "manage.py", *arguments], cwd=root, env=env, capture_output=True, text=True, timeout=120)

    assert manage("migrate", "--noinput").returncode == 0
    page = write_page(tmp_path, "good.txt", SHORT_PAGE)
    run = manage("import_pages", "--json", str(page), str(page))
    records = [json.loads(line) for line in run.stdout.splitlines()]
    assert [record["status"] for record in records] == ["created", "unchanged"]
    assert "import created" in run.stderr  # the log line, moved off stdout


def test_import_command_reports_a_cut_title_as_a_warning(db, search_index, tmp_path, capsys):
    long_title = " ".join(["Macron"] + ["and Scholz meet"] * 40)
    page = write_page(tmp_path, "long.txt", SHORT_PAGE.replace("Macron Meets Scholz in Paris", long_title))
    call_command("import_pages", str(page), "--json")
    [line] = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert line["status"] == "created"
    assert line["warnings"] == [f"The title has {len(long_title)} characters, more than the 500 an article title holds; it was cut "
                                f"to {len(Article.objects.get().title)}, ending in “…” (the article text is kept whole). "
                                "Edit it in the article admin if needed."]
    call_command("import_pages", str(page))
    assert f"warning    {page}: The title has {len(long_title)} characters" in capsys.readouterr().err


def test_import_command_succeeds_quietly_for_good_pages(db, search_index, tmp_path, capsys):
    call_command("import_pages", str(write_page(tmp_path, "good.txt", SHORT_PAGE)))
    assert "1 created" in capsys.readouterr().out


def test_clean_pages_prints_sections_without_touching_the_database(tmp_path, capsys):
    call_command("clean_pages", str(SEED_PAGE))
    record = json.loads(capsys.readouterr().out)
    assert record["title"] == "Putin and Netanyahu Discuss Gaza, Iran and Syria"
    assert [s["heading"] for s in record["sections"]] == [None] + SEED_HEADINGS[1:]
    assert record["error"] is None
