"""Screenshots of the results and article pages at phone and desktop widths, for docs/screenshots/.

Usage: python scripts/take_screenshots.py BASE_URL SUFFIX   (e.g. http://127.0.0.1:8000 after)
Serve the demo archive first (scripts/demo.sh). Uses the system Chromium, as the browser tests do.
"""

import sys
from pathlib import Path

from playwright.sync_api import sync_playwright

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking"]
WIDTHS = {"phone": (390, 844), "desktop": (1280, 900)}
PAGES = {
    "results": "/search/?q=ceasefire&from=2019-01-01&to=2025-12-31",
    "article": "/articles/gaza-ceasefire-takes-effect-as-first-hostages-and-prisoners-are-freed/?q=ceasefire",
}
OUT = Path(__file__).resolve().parent.parent / "docs" / "screenshots"


def main(base_url: str, suffix: str) -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        for width_name, (width, height) in WIDTHS.items():
            page = browser.new_page(viewport={"width": width, "height": height})
            for page_name, path in PAGES.items():
                page.goto(base_url + path)
                target = OUT / f"{page_name}-{width_name}-{suffix}.png"
                page.screenshot(path=str(target), full_page=True)
                print(target)
            page.close()
        browser.close()


if __name__ == "__main__":
    main(sys.argv[1].rstrip("/"), sys.argv[2])
