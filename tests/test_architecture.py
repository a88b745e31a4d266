"""The layering that docs/architecture.md describes, checked on the source: imports point down."""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
# Layer of each package: a module may import its own layer and the layers below (higher numbers).
LAYERS = {
    "newsindex": 1, "articles.admin": 1, "articles.management": 1, "articles.templatetags": 1,
    "articles.web": 2,
    "articles.imports": 3, "articles.entities": 3, "articles.stories": 3,
    "articles.search": 4, "articles.search_indexes": 4,
    "articles.cleaning": 5, "articles.tagging": 5, "articles.models": 5, "articles.kinds": 5,
    "articles.exceptions": 5, "articles.settings": 5, "articles.apps": 5,
    "articles.migrations": 1,  # data migrations may call any layer
}
ENGINE_PACKAGES = ("haystack", "whoosh")
ENGINE_ALLOWED = ("articles.search", "articles.search_indexes")


def _module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _imports(path: Path) -> list[str]:
    names = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names += [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names += [node.module] + [f"{node.module}.{alias.name}" for alias in node.names]
    return names


def _layer(module: str) -> int | None:
    matches = [prefix for prefix in LAYERS if module == prefix or module.startswith(prefix + ".")]
    return LAYERS[max(matches, key=len)] if matches else None


SOURCES = sorted(p for folder in ("articles", "newsindex") for p in (ROOT / folder).rglob("*.py"))


@pytest.mark.parametrize("path", SOURCES, ids=lambda p: str(p.relative_to(ROOT)))
def test_imports_point_down_the_layers(path):
    module = _module_name(path)
    own = _layer(module)
    upward = [name for name in _imports(path) if (layer := _layer(name)) is not None and own is not None and layer < own]
    assert not upward, f"{module} (layer {own}) imports from a higher layer: {upward}; see docs/architecture.md"


@pytest.mark.parametrize("path", SOURCES, ids=lambda p: str(p.relative_to(ROOT)))
def test_only_the_search_package_touches_the_search_engine(path):
    module = _module_name(path)
    if module.startswith(ENGINE_ALLOWED):
        return
    engine = [name for name in _imports(path) if name.split(".")[0] in ENGINE_PACKAGES]
    assert not engine, f"{module} imports {engine}; only articles/search/ and search_indexes.py may"


@pytest.mark.parametrize("package", ["cleaning", "tagging"])
def test_cleaning_and_tagging_need_no_django(package):
    for path in (ROOT / "articles" / package).rglob("*.py"):
        django = [name for name in _imports(path) if name.split(".")[0] == "django"]
        assert not django, f"{path.relative_to(ROOT)} imports {django}; {package}/ must run without Django"
