"""Crawl a site's reader pages the way a reader's browser would and list what a reader would notice.

    DATABASE_URL=sqlite:////tmp/site/db.sqlite3 SEARCH_INDEX_DIR=/tmp/site/index \\
        .venv/bin/python bench/crawl_site.py --out /tmp/site/crawl.json

Runs in-process with Django's test client against the database and index the environment names
(the same variables as manage.py, docs/operations.md), so set up and fill a throwaway site first
(`manage.py migrate`, `manage.py import_pages ...`). It starts from the home page, the A-Z lists, the
feeds, the sitemap (which lists every article), the OpenSearch description and a list of searches
(words, phrases, operators, prefixes, each sort, page 2, dates, no results, a misspelling; add your
own with --query), and follows every internal link the site prints (<a>, <link>, sitemap <loc>,
Atom links, JSON "url" fields), breadth first. URLs with a query string are capped per shape (path
with slugs folded, plus the parameter names) so facet combinations cannot run away.

Finding kinds:
  server-error     a 5xx answer
  broken-link      a 4xx answer to a link the site itself printed (the page that printed it is named)
  missing-anchor   a printed link's #fragment names no id on its page
  empty-title      an HTML page whose <title> or first <h1> is empty
  chrome-title     an article, feed entry or hit titled with site chrome ("Skip to content", "Subscribe")
  raw-markup       text a reader sees holding markup or an entity as characters (&amp;, &#39;, <p>)
  odd-date         a <time datetime>, feed or JSON date after today or before 1900
  unmarked-snippet a ranked results page's hit that marks no query word in its title or snippet
  bad-format       a feed, sitemap or JSON answer that does not parse
  slow             an answer that took longer than --slow-ms (default 300)

Prints the counts by kind with examples and writes every finding and every URL's status and time
to --out (JSON).
"""

import argparse
import json
import os
import re
import sys
import time
from collections import Counter, deque
from dataclasses import asdict, dataclass
from datetime import date
from pathlib import Path
from urllib.parse import parse_qsl, quote, urldefrag, urlsplit

import lxml.etree
import lxml.html

REPO = Path(__file__).resolve().parents[1]
HOST = "testserver"

START_PATHS = (
    "/",
    "/search/help/",
    "/leaders/",
    "/countries/",
    "/topics/",
    "/roles/",
    "/trends/",
    "/co-mentions/",
    "/opensearch.xml",
    "/robots.txt",
    "/sitemap.xml",
    "/search/feed/",
    "/search/",
)
# Searches a reader types: words, a phrase, operators, a prefix, fields, scripts other than Latin,
# nothing found, a misspelling (for "did you mean"), each sort, a later page, a date range.
START_QUERIES = (
    "trump",
    "china trade",
    '"prime minister"',
    "iran OR israel",
    "election -trump",
    "presid*",
    "title:review",
    "date:2019",
    "leader:putin",
    "country:china",
    "Erdoğan",
    "Путин",
    "東京",
    "zzqxjv",
    "goverment",
    "the",
    '"',
)
START_SEARCH_SUFFIXES = ("", "&sort=newest", "&sort=oldest", "&page=2", "&from=2019-01-01&to=2019-12-31")

# Titles that are a site's furniture, not an article's headline (matched on the whole, folded title).
CHROME_TITLE = re.compile(
    r"^(skip to (main )?content|cookies?( policy| settings| consent)?|we use cookies.*|accept( all)?( cookies)?|"
    r"subscribe( now)?|sign (in|up)|log ?in|menu|navigation|home( page)?|advertisement|newsletter|"
    r"page not found|404( not found)?|not found|access denied|just a moment\.*|enable javascript.*|"
    r"untitled|document|share( this)?|search|loading\.*|related( articles| stories)?|read more)$",
    re.IGNORECASE,
)
RAW_MARKUP = re.compile(
    r"&(?:amp|lt|gt|quot|apos|nbsp|#\d{2,6}|#x[0-9a-f]{2,5}|[a-z]{2,8});|"
    r"</?(?:p|div|span|br|a|img|strong|em|b|i|ul|li|h[1-6]|script|style|table|tr|td|iframe)(?:\s[^<>]*)?/?>",
    re.IGNORECASE,
)
YEAR_OF = re.compile(r"^(\d{4})-(\d{2})-(\d{2})")
SLUG_SEGMENT = re.compile(r"/(articles|leaders|countries|topics|roles|api/articles)/[^/]+/")
OLDEST_YEAR = 1900


@dataclass
class Finding:
    kind: str
    url: str
    detail: str
    referrer: str = ""


@dataclass
class Visit:
    url: str
    status: int
    ms: float
    content_type: str


def url_shape(url: str) -> str:
    """Return the URL's path with slugs folded plus its sorted parameter names: what the per-shape cap counts."""
    parts = urlsplit(url)
    path = SLUG_SEGMENT.sub(lambda match: f"/{match.group(1)}/<slug>/", parts.path)
    names = sorted({name for name, _ in parse_qsl(parts.query, keep_blank_values=True)})
    return f"{path}?{'&'.join(names)}"


def internal_url(href: str, *, base: str) -> str | None:
    """Return href as a site path with its query and fragment, or None when it leaves the site."""
    href = href.strip()
    if not href or href.startswith(("mailto:", "javascript:", "data:", "tel:")) or "{" in href:
        return None
    if href.startswith("#"):
        return urldefrag(base)[0] + href
    parts = urlsplit(href)
    if parts.scheme and parts.scheme not in ("http", "https"):
        return None
    if parts.netloc and parts.netloc != HOST:
        return None
    path = parts.path
    if not path.startswith("/"):
        path = urlsplit(base).path.rsplit("/", 1)[0] + "/" + path
    return path + (f"?{parts.query}" if parts.query else "") + (f"#{parts.fragment}" if parts.fragment else "")


class Crawler:
    """Breadth-first crawl of the site's printed links with a check of each answer."""

    def __init__(self, *, max_pages: int, per_shape: int, slow_ms: float) -> None:
        from django.test import Client

        self.client = Client(HTTP_HOST=HOST, raise_request_exception=False)
        self.max_pages, self.per_shape, self.slow_ms = max_pages, per_shape, slow_ms
        self.queue: deque[tuple[str, str]] = deque()
        self.seen: set[str] = set()
        self.shape_counts: Counter[str] = Counter()
        self.anchor_checks: list[tuple[str, str, str]] = []  # (page, fragment, referrer)
        self.ids_by_page: dict[str, set[str]] = {}
        self.visits: list[Visit] = []
        self.findings: list[Finding] = []
        self.today = date.today()

    def add(self, url: str, *, referrer: str, is_capped: bool = True) -> None:
        page, fragment = urldefrag(url)
        if fragment:
            self.anchor_checks.append((page, fragment, referrer))
        if page in self.seen:
            return
        if "?" in page and is_capped:
            shape = url_shape(page)
            if self.shape_counts[shape] >= self.per_shape:
                return
            self.shape_counts[shape] += 1
        self.seen.add(page)
        self.queue.append((page, referrer))

    def run(self, start: list[str]) -> None:
        for url in start:
            self.add(url, referrer="", is_capped=False)
        while self.queue and len(self.visits) < self.max_pages:
            url, referrer = self.queue.popleft()
            self.visit(url, referrer=referrer)
        for page, fragment, referrer in self.anchor_checks:
            ids = self.ids_by_page.get(page)
            if ids is not None and fragment not in ids:
                self.findings.append(Finding("missing-anchor", f"{page}#{fragment}", "no element has this id", referrer))

    def note(self, kind: str, url: str, detail: str, referrer: str = "") -> None:
        self.findings.append(Finding(kind, url, detail[:300], referrer))

    def visit(self, url: str, *, referrer: str) -> None:
        started = time.perf_counter()
        response = self.client.get(url)
        body = b"".join(response.streaming_content) if response.streaming else response.content
        ms = (time.perf_counter() - started) * 1000
        content_type = response.get("Content-Type", "")
        self.visits.append(Visit(url, response.status_code, round(ms, 1), content_type.split(";")[0]))
        if response.status_code >= 500:
            self.note("server-error", url, f"{response.status_code}", referrer)
            return
        if response.status_code in (301, 302, 307, 308):
            location = internal_url(response["Location"], base=url)
            if location:
                self.add(location, referrer=url)
            return
        if response.status_code >= 400:
            if referrer:
                self.note("broken-link", url, f"{response.status_code}", referrer)
            return
        if ms > self.slow_ms:
            self.note("slow", url, f"{ms:.0f} ms", referrer)
        text = body.decode(response.charset or "utf-8", errors="replace")
        if "html" in content_type:
            self.check_html(url, text)
        elif "json" in content_type:
            self.check_json(url, text)
        elif "xml" in content_type:
            self.check_xml(url, body)

    def check_html(self, url: str, text: str) -> None:
        tree = lxml.html.fromstring(text)
        self.ids_by_page[url] = {element.get("id") for element in tree.iter() if isinstance(element.tag, str) and element.get("id")}
        title = " ".join(tree.findtext(".//title") or "").strip() if tree.find(".//title") is not None else ""
        heading_element = tree.find(".//h1")
        heading = " ".join(heading_element.text_content().split()) if heading_element is not None else None
        if not title or heading == "":
            self.note("empty-title", url, f"title={title!r} h1={heading!r}")
        if urlsplit(url).path.startswith("/articles/") and heading and CHROME_TITLE.match(heading):
            self.note("chrome-title", url, heading)
        for element in tree.iter():
            if not isinstance(element.tag, str) or element.tag in ("script", "style", "code", "pre", "textarea"):
                continue
            for piece in (element.text, element.tail if element.getparent() is not None else None):
                if piece and RAW_MARKUP.search(piece) and element.tag not in ("input",):
                    self.note("raw-markup", url, f"<{element.tag}> …{context(piece, RAW_MARKUP)}…")
            for attribute in ("title", "aria-label", "alt", "placeholder", "content"):
                value = element.get(attribute)
                if value and RAW_MARKUP.search(value):
                    self.note("raw-markup", url, f"<{element.tag} {attribute}> …{context(value, RAW_MARKUP)}…")
        for element in tree.iter("time"):
            self.check_date(url, element.get("datetime") or "", where="<time>")
        self.check_hits(url, tree)
        for element in tree.iter("a", "link"):
            href = element.get("href")
            if href and (element.tag == "a" or element.get("rel") in ("alternate", "search", "canonical", "next", "prev")):
                target = internal_url(href, base=url)
                if target:
                    self.add(target, referrer=url)

    def check_hits(self, url: str, tree) -> None:
        """A ranked results page marks a query word in each hit's title or snippet."""
        parts = urlsplit(url)
        query = dict(parse_qsl(parts.query)).get("q", "")
        if parts.path != "/search/" or not query.strip():
            return
        if tree.find_class("sort-note"):  # not ranked: a search by filters alone
            return
        for hit in tree.find_class("hit"):
            heading = hit.find(".//h2")
            title = heading.text_content().strip() if heading is not None else ""
            snippets = hit.find_class("snippet")
            is_title_marked = heading is not None and heading.find(".//mark") is not None
            if not is_title_marked and not any(snippet.find(".//mark") is not None for snippet in snippets):
                detail = f"{title[:80]!r}: {snippets[0].text_content()[:120] if snippets else 'no snippet'}"
                self.note("unmarked-snippet", url, detail)

    def check_date(self, url: str, value: str, *, where: str) -> None:
        match = YEAR_OF.match(value)
        if not match:
            return
        try:
            day = date(int(match.group(1)), int(match.group(2)), int(match.group(3)))
        except ValueError:
            self.note("odd-date", url, f"{where} {value!r} is no date")
            return
        if day > self.today or day.year < OLDEST_YEAR:
            self.note("odd-date", url, f"{where} {value}")

    def check_json(self, url: str, text: str) -> None:
        try:
            data = json.loads(text)
        except ValueError as error:
            self.note("bad-format", url, f"JSON: {error}")
            return
        for path, value in walk_json(data):
            last = path.rsplit(".", 1)[-1]
            if last == "url" and isinstance(value, str):
                target = internal_url(value, base=url)
                if target:
                    self.add(target, referrer=url)
            elif last in ("published", "from", "to") and isinstance(value, str):
                self.check_date(url, value, where=path)
            elif isinstance(value, str):
                shown = re.sub(r"</?mark>", "", value) if last == "html" else value
                if last == "html":
                    shown = shown.replace("&amp;", "&").replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", '"').replace("&#x27;", "'")
                if RAW_MARKUP.search(shown):
                    self.note("raw-markup", url, f"{path}: …{context(shown, RAW_MARKUP)}…")
            if last == "title" and isinstance(value, str) and CHROME_TITLE.match(value.strip()):
                self.note("chrome-title", url, f"{path}: {value}")

    def check_xml(self, url: str, body: bytes) -> None:
        try:
            root = lxml.etree.fromstring(body)
        except lxml.etree.XMLSyntaxError as error:
            self.note("bad-format", url, f"XML: {error}")
            return
        for element in root.iter():
            tag = lxml.etree.QName(element).localname if isinstance(element.tag, str) else ""
            if tag == "loc" and element.text:
                target = internal_url(element.text, base=url)
                if target:
                    self.add(target, referrer=url)
            elif tag == "link" and element.get("href") and element.get("rel", "alternate") in ("alternate", "self"):
                target = internal_url(element.get("href"), base=url)
                if target:
                    self.add(target, referrer=url)
            elif tag in ("updated", "published") and element.text:
                self.check_date(url, element.text, where=f"<{tag}>")
            elif tag == "title" and element.text:
                if RAW_MARKUP.search(element.text):
                    self.note("raw-markup", url, f"<title> {element.text[:120]}")
                if CHROME_TITLE.match(element.text.strip()):
                    self.note("chrome-title", url, f"<title> {element.text}")
            elif tag == "summary" and element.text:
                shown = lxml.html.fromstring(f"<div>{element.text}</div>").text_content() if element.get("type") == "html" else element.text
                if RAW_MARKUP.search(shown):
                    self.note("raw-markup", url, f"<summary> …{context(shown, RAW_MARKUP)}…")


def walk_json(data, path: str = ""):
    """Yield (dotted path, value) for every leaf of a JSON value."""
    if isinstance(data, dict):
        for key, value in data.items():
            yield from walk_json(value, f"{path}.{key}" if path else key)
    elif isinstance(data, list):
        for value in data:
            yield from walk_json(value, f"{path}[]")
    else:
        yield path, data


def context(text: str, pattern: re.Pattern) -> str:
    match = pattern.search(text)
    if match is None:
        return text[:80]
    return text[max(0, match.start() - 40) : match.end() + 40].replace("\n", " ")


def start_urls(extra_queries: list[str]) -> list[str]:
    urls = list(START_PATHS)
    for query in (*START_QUERIES, *extra_queries):
        for suffix in START_SEARCH_SUFFIXES:
            urls.append(f"/search/?q={quote(query)}{suffix}")
        urls.append(f"/api/search/?q={quote(query)}")
        urls.append(f"/search/feed/?q={quote(query)}")
        urls.append(f"/api/suggest/?q={quote(query[:3])}")
    urls += ["/search/export.csv?q=trump", "/search/export.json?q=trump", "/trends/data.csv?q=trump", "/trends/data.json?q=trump"]
    return urls


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0], formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--out", type=Path, help="write every finding and visit here (JSON)")
    parser.add_argument("--max-pages", type=int, default=20000, help="stop after this many answers (default 20000)")
    parser.add_argument("--per-shape", type=int, default=10, help="URLs with a query string visited per shape (default 10)")
    parser.add_argument("--slow-ms", type=float, default=300.0, help="an answer slower than this is a finding (default 300)")
    parser.add_argument("--examples", type=int, default=5, help="examples printed per kind (default 5)")
    parser.add_argument("--query", action="append", default=[], help="another search to start from (repeatable)")
    args = parser.parse_args()

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsindex.settings")
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    sys.path.insert(0, str(REPO))
    import django

    django.setup()
    crawler = Crawler(max_pages=args.max_pages, per_shape=args.per_shape, slow_ms=args.slow_ms)
    started = time.perf_counter()
    crawler.run(start_urls(args.query))
    seconds = time.perf_counter() - started

    statuses = Counter(visit.status for visit in crawler.visits)
    times = sorted(visit.ms for visit in crawler.visits)
    print(f"{len(crawler.visits)} answers in {seconds:.0f} s ({len(crawler.queue)} URLs left unvisited); statuses {dict(sorted(statuses.items()))}")
    if times:
        print(f"ms per answer: median {times[len(times) // 2]:.0f}, p95 {times[int(len(times) * 0.95)]:.0f}, max {times[-1]:.0f}")
    print(f"load average {open('/proc/loadavg').read().split()[:3]}" if Path("/proc/loadavg").exists() else "")
    kinds = Counter(finding.kind for finding in crawler.findings)
    for kind, count in kinds.most_common():
        print(f"\n{kind}: {count}")
        for finding in [f for f in crawler.findings if f.kind == kind][: args.examples]:
            print(f"  {finding.url}  {finding.detail}" + (f"  (linked from {finding.referrer})" if finding.referrer else ""))
    if not kinds:
        print("no findings")
    if args.out:
        args.out.write_text(
            json.dumps(
                {"findings": [asdict(f) for f in crawler.findings], "visits": [asdict(v) for v in crawler.visits]},
                ensure_ascii=False,
                indent=1,
            )
        )
    return 1 if kinds.keys() - {"slow"} else 0


if __name__ == "__main__":
    sys.exit(main())
