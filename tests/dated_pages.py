"""Dated wire pages for the role and trend tests, shared by their server-side and browser tests."""

from pathlib import Path

ROLE_PAGES = {
    "hollande-2015.txt": ("Hollande Visits Brussels", "2015-03-10", "President François Hollande spoke in Brussels about the budget."),
    "macron-2015.txt": ("Economy Minister Macron Presents Bill", "2015-06-02", "Emmanuel Macron presented a bill on shop opening hours."),
    "macron-2019.txt": ("Macron Opens Debate", "2019-01-15", "President Emmanuel Macron opened a national debate in Normandy."),
    "hollande-2019.txt": ("Hollande Publishes Memoir", "2019-04-11", "Former president François Hollande published a memoir about his years in office."),
    "merkel-2015.txt": ("Merkel Hosts Summit", "2015-05-20", "Chancellor Angela Merkel hosted a summit in Berlin on the budget."),
}

TREND_PAGES = {
    "putin-jan.txt": ("Putin Warns Over Sanctions", "2024-01-10", "President Vladimir Putin said new sanctions on Russia over Ukraine would fail."),
    "xi-jan.txt": ("Xi Visits Shanghai Port", "2024-01-20", "Chinese President Xi Jinping toured the port of Shanghai."),
    "both-mar.txt": ("Putin and Xi Meet in Beijing", "2024-03-05", "Vladimir Putin met Xi Jinping in Beijing to discuss trade despite sanctions."),
    "weather-mar.txt": ("Spring Floods in the Valley", "2024-03-15", "Heavy rain flooded farms along the river this week."),
    "putin-2020.txt": ("Putin Addresses Parliament", "2020-11-03", "Vladimir Putin gave his annual address to parliament in Moscow."),
}


def write_dated_pages(folder: Path, pages: dict[str, tuple[str, str, str]], *, closing: str) -> list[Path]:
    """Write each (title, published, body) page as a text dump ending with closing; return the paths."""
    paths = []
    for name, (title, published, body) in pages.items():
        path = folder / name
        path.write_text(f"{title}\n\nSource: Demo Wire\nPublished: {published}\n\n{body} {closing}\n", encoding="utf-8")
        paths.append(path)
    return paths


ROLE_CLOSING = "The talks went on late into the evening."
TREND_CLOSING = "Officials gave no further details."
