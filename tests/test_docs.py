"""The docs against the code: every setting the code reads is documented, links resolve, the README stays short."""

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
DOCS = sorted((ROOT / "docs").glob("*.md"))
CODE = sorted(p for folder in ("articles", "newsindex", "deploy") for p in (ROOT / folder).rglob("*.py"))
# os.environ.get("X"), os.environ["X"], os.getenv("X") and newsindex/settings.py's _env_*("X") helpers.
ENV_READ = re.compile(r"""(?:os\.environ\.get|os\.getenv|_env_\w+)\(\s*["']([A-Z][A-Z0-9_]+)["']|os\.environ\[["']([A-Z][A-Z0-9_]+)["']\]""")
# Read by Django or Python themselves, not by our code.
NOT_OURS = {"DJANGO_SETTINGS_MODULE", "DJANGO_ALLOW_ASYNC_UNSAFE"}


def _environment_variables_read() -> set[str]:
    names = set()
    for path in CODE:
        for match in ENV_READ.finditer(path.read_text(encoding="utf-8")):
            names.add(match.group(1) or match.group(2))
    return names - NOT_OURS


def _app_settings_read() -> set[str]:
    text = "\n".join(path.read_text(encoding="utf-8") for path in CODE)
    return set(re.findall(r"\b(ARTICLES_[A-Z0-9_]+)\b", text)) - {"ARTICLES_"}


def test_the_code_reads_environment_variables_at_all():
    # Guards the pattern above: if it stopped matching, the next test would pass on nothing.
    assert {"DATABASE_URL", "SECRET_KEY", "SEARCH_URL", "DEBUG", "WEB_CONCURRENCY"} <= _environment_variables_read()


@pytest.mark.parametrize("name", sorted(_environment_variables_read() | _app_settings_read()))
def test_every_setting_the_code_reads_is_documented_for_operators(name):
    operations = (ROOT / "docs" / "operations.md").read_text(encoding="utf-8")
    admin = (ROOT / "docs" / "admin.md").read_text(encoding="utf-8")
    assert f"`{name}`" in operations or f"`{name}`" in admin, (
        f"{name} is read by the code but documented in neither docs/operations.md nor docs/admin.md"
    )


@pytest.mark.parametrize("page", [ROOT / "README.md", *DOCS], ids=lambda p: p.name)
def test_relative_links_in_the_docs_point_at_files_that_exist(page):
    text = page.read_text(encoding="utf-8")
    for target in re.findall(r"\]\(([^)#\s]+)(?:#[^)]*)?\)", text):
        if "://" in target or target.startswith("mailto:"):
            continue
        assert (page.parent / target).exists(), f"{page.name} links to {target}, which does not exist"


def test_the_readme_is_short_and_keeps_the_two_commands():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert len(readme.encode()) <= 8 * 1024
    assert "    bash scripts/demo.sh\n" in readme and "    bash scripts/test.sh\n" in readme


@pytest.mark.parametrize("page", [ROOT / "README.md", *DOCS], ids=lambda p: p.name)
def test_manage_py_commands_in_the_docs_work_without_activating_the_virtualenv(page):
    text = page.read_text(encoding="utf-8")
    bare = [line.strip() for line in text.splitlines() if re.search(r"(?<![\w/.])python manage\.py", line)]
    assert not bare, f"{page.name}: write .venv/bin/python manage.py …, as scripts/demo.sh installs it: {bare[:3]}"
