"""Make docs/review.png: the seeds' review page in headless Chromium, as the tests open it.

    python docs/review_screenshot.py      (needs the test extra and a Chromium; see tests/helpers/browser.py)

The shot is of seed 002's text at 1280 px (notification prompts, the headline, byline and date
moved to their fields, a donation appeal), with one removal focused so that its details
(detector, rule, reason) show.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(ROOT))

import newsclean  # noqa: E402
from helpers.browser import chromium_path, why_no_browser  # noqa: E402
from newsclean.review import review_html  # noqa: E402


def main() -> int:
    missing = why_no_browser()
    if missing:
        print(f"cannot make the screenshot: {missing}")
        return 1
    from playwright.sync_api import sync_playwright

    seeds = sorted((ROOT / "seeds").glob("*.txt"))
    texts = [p.read_text(encoding="utf-8") for p in seeds]
    page_html = review_html([newsclean.clean(t) for t in texts], sources=texts,
                            names=[f"seeds/{p.name}" for p in seeds])
    with tempfile.TemporaryDirectory() as tmp, sync_playwright() as p:
        page_file = Path(tmp) / "review.html"
        page_file.write_text(page_html, encoding="utf-8")
        browser = p.chromium.launch(executable_path=chromium_path(), args=["--no-sandbox"])
        tab = browser.new_page(viewport={"width": 1280, "height": 720})
        tab.goto(page_file.as_uri())
        # Seed 002's text, its sixth removal focused (as the "j" key does).
        tab.evaluate("""() => {
            const doc = document.querySelectorAll('article.doc')[2];
            doc.querySelector('.txt').scrollIntoView({block: 'start'});
            window.scrollBy(0, -70);
            doc.querySelectorAll('.txt .rm')[5].focus({preventScroll: true});
        }""")
        out = ROOT / "docs" / "review.png"
        tab.screenshot(path=str(out))
        browser.close()
    print(f"wrote {out.relative_to(ROOT)} ({out.stat().st_size // 1024} KB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
