"""The review page in headless Chromium, as a person would use it: it loads without errors and
shows something, every removal is highlighted once, the filter hides and shows them, details
show on focus, it fits a phone, and a hostile article runs no script.

One browser for the whole module (Playwright driving the system's Chromium, see browser.py);
skipped, saying why, only when no browser can be had.
"""

from __future__ import annotations

import base64
import json
import re
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

import newsclean
from helpers.browser import INK_SHARE, chromium_path, why_no_browser
from helpers.paths import HTML_FIXTURES, SEEDS
from newsclean.cli import main
from newsclean.review import review_html

_MISSING = why_no_browser()
pytestmark = pytest.mark.skipif(_MISSING is not None, reason=f"review page browser tests: {_MISSING}")

HOSTILE_TEXT = ('<script>window.__pwned = 1; alert(1)</script>\n\n'
                'Sign up for our newsletter "><img src=x onerror="window.__pwned = 2">\n\n'
                'The council met on Monday. "><svg onload="window.__pwned = 3"></svg>\n\n'
                "Copyright 2024 </script><script>window.__pwned = 4</script>. All rights reserved.\n")
# An HTML page with removals of every kind: on the DOM, whole lines and part of a line of the
# extracted text, and a headline moved to its field.
PIER = """<!doctype html><html lang="en"><head><title>Council Votes to Rebuild the Old Pier | The Courier</title>
</head><body><main><article><h1>Council Votes to Rebuild the Old Pier</h1>
<p>The town council voted on Monday to rebuild the old pier, which has been closed to the public since a storm
damaged it four years ago.</p>
<p>Sign up for our newsletter to get the latest local news every morning.</p>
<p>The work will cost about 4 million pounds and should take two years, the council said after the vote.</p>
<p>Related: Storm damage closes the pier for the winter</p>
<p>Residents who had campaigned for the pier to reopen said they were delighted, though some questioned the cost.</p>
<div class="newsletter-signup"><p>Get the morning briefing in your inbox.</p></div>
<p>The council will choose a contractor in the spring. Follow us on Twitter for updates.</p>
<p>Copyright 2024 The Courier. All rights reserved.</p></article></main></body></html>"""
HOSTILE = '"><img src=x onerror="window.__pwned = 5"><script>window.__pwned = 6</script>'


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        launched = p.chromium.launch(executable_path=chromium_path(), args=["--no-sandbox"])
        yield launched
        launched.close()


@pytest.fixture(scope="module")
def pages(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """The pages under test, written once: the seeds, an HTML batch, a hostile article."""
    root = tmp_path_factory.mktemp("review")
    texts = [p.read_text(encoding="utf-8") for p in SEEDS]
    articles = [newsclean.clean(t) for t in texts]
    seeds = root / "seeds.html"
    seeds.write_text(review_html(articles, sources=texts, names=[p.name for p in SEEDS]), encoding="utf-8")

    folder = root / "html"
    folder.mkdir()
    for path in HTML_FIXTURES:
        if path.stem in ("ad-slot", "comments", "donation", "paywall", "no-article"):
            (folder / path.name).write_bytes(path.read_bytes())
    (folder / "pier.html").write_text(PIER, encoding="utf-8")
    (folder / "broken.html.gz").write_bytes(b"\x1f\x8b not gzip")
    batch = root / "batch.html"
    assert main([str(folder), "--jsonl", str(root / "batch.jsonl"), "-j1", "-q", "--review", str(batch)]) == 1
    rows = [json.loads(line) for line in (root / "batch.jsonl").read_text(encoding="utf-8").splitlines()]

    article = newsclean.clean(HOSTILE_TEXT, kind="text").to_dict()
    article["removed"].append({"category": HOSTILE, "text": HOSTILE, "line": 99, "detector": HOSTILE,
                               "reason": HOSTILE, "code": HOSTILE, "path": HOSTILE})
    article["metadata_sources"] = {"title": [{"source": HOSTILE, "key": HOSTILE, "value": HOSTILE, "chosen": True}]}
    article["warnings"] = [HOSTILE]
    hostile = root / "hostile.html"
    hostile.write_text(review_html([article], sources=[HOSTILE_TEXT], names=[HOSTILE], title=HOSTILE),
                       encoding="utf-8")
    # The same page without its Content-Security-Policy: escaping alone must keep it inert.
    bare = root / "hostile-no-csp.html"
    bare.write_text(re.sub(r'<meta http-equiv="Content-Security-Policy"[^>]*>', "",
                           hostile.read_text(encoding="utf-8")), encoding="utf-8")
    return {"seeds": seeds, "articles": articles, "batch": batch, "rows": rows, "hostile": hostile,
            "bare": bare, "hostile_data": article}


class Opened:
    """The one tab of the module, on a page, with every console error, page error and dialog
    the page produced (a new tab per test costs more than the test)."""

    def __init__(self, tab: Any) -> None:
        self.page = tab
        self.errors: list[str] = []
        self.dialogs: list[str] = []
        tab.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        tab.on("pageerror", lambda e: self.errors.append(str(e)))
        tab.on("dialog", lambda d: (self.dialogs.append(d.message), d.dismiss()))

    def __call__(self, path: Path, width: int = 1280, height: int = 800) -> Opened:
        self.page.set_viewport_size({"width": width, "height": height})
        self.page.goto("about:blank")
        self.errors.clear()
        self.dialogs.clear()
        self.page.goto(path.as_uri())
        return self

    def js(self, expression: str, arg: Any = None) -> Any:
        return self.page.evaluate(expression, arg)

    def visible(self, selector: str) -> list[bool]:
        return self.js("s => Array.from(document.querySelectorAll(s), el => el.checkVisibility())", selector)


@pytest.fixture(scope="module")
def opened(browser: Any) -> Iterator[Opened]:
    tab = browser.new_page()
    yield Opened(tab)
    tab.close()


def _ink(page: Opened) -> float:
    png = page.page.screenshot()
    return page.js(INK_SHARE, base64.b64encode(png).decode())


@pytest.mark.parametrize("name", ["seeds", "batch"])
def test_the_page_loads_without_errors_and_is_not_blank(opened, pages, name: str) -> None:
    page = opened(pages[name])
    assert page.errors == [] and page.dialogs == []
    assert page.js("document.querySelectorAll('article.doc').length") > 0
    assert 0.02 < _ink(page) < 0.9  # text and colour on a white page


def test_every_removal_of_every_seed_is_highlighted_once(opened, pages) -> None:
    page = opened(pages["seeds"])
    shown = page.js("""Array.from(document.querySelectorAll('article.doc'), doc =>
        Array.from(doc.querySelectorAll('.rm'), el => [el.dataset.category, el.dataset.detector]))""")
    assert [[tuple(x) for x in doc] for doc in shown] == [
        [(r.category, r.detector) for r in a.removed] for a in pages["articles"]]


def test_every_removal_of_an_html_batch_is_highlighted_once(opened, pages) -> None:
    page = opened(pages["batch"])
    shown = page.js("""Object.fromEntries(Array.from(document.querySelectorAll('article.doc'), doc =>
        [doc.querySelector('h2').lastChild.textContent.trim(),
         Array.from(doc.querySelectorAll('.rm'), el => el.dataset.category + ' ' + el.dataset.detector)]))""")
    expected = {row["input"]: sorted(f"{r['category']} {r['detector']}" for r in row["removed"])
                for row in pages["rows"]}
    assert {name: sorted(found) for name, found in shown.items()} == expected
    assert sum(map(len, expected.values())) >= 10  # the pages do have removals
    text = page.js("document.getElementById('overview').textContent")
    assert "Failures (1)" in text and "broken.html.gz" in text


def test_the_category_filter_hides_and_shows_removals(opened, pages) -> None:
    page = opened(pages["seeds"])
    counts = Counter(r.category for a in pages["articles"] for r in a.removed)
    category = counts.most_common(1)[0][0]
    total = sum(counts.values())
    selector = f'.rm[data-category="{category}"]'
    assert all(page.visible(selector))
    page.page.get_by_role("checkbox", name=re.compile(rf"^{category}\b")).uncheck()
    assert not any(page.visible(selector))
    assert all(page.visible(f'.rm:not([data-category="{category}"])'))
    assert page.js("document.getElementById('status').textContent") == (
        f"Showing {total - counts[category]} of {total} removals on this page.")
    page.page.get_by_role("checkbox", name=re.compile(rf"^{category}\b")).check()
    assert all(page.visible(".rm"))
    # The detector filter, and "none" then "all".
    page.page.select_option("#det", "date")
    assert [d == "date" for d in page.js("Array.from(document.querySelectorAll('.rm'), e => e.dataset.detector)")] \
        == page.visible(".rm")
    page.page.select_option("#det", "")
    page.page.click("#none")
    assert not any(page.visible(".rm"))
    page.page.click("#all")
    assert all(page.visible(".rm"))


def test_the_keyboard_reaches_each_removal_and_its_details_show(opened, pages) -> None:
    page = opened(pages["seeds"])
    page.page.keyboard.press("j")
    assert page.js("document.activeElement.classList.contains('rm')")
    first = page.js("document.activeElement.id")
    assert page.js("getComputedStyle(document.activeElement.querySelector('.tip')).display") == "block"
    tip = page.js("document.activeElement.querySelector('.tip').textContent")
    removal = pages["articles"][0].removed[0]
    assert removal.detector in tip and removal.reason in tip
    # ... and is its accessible description, for screen readers.
    assert page.js("""document.getElementById(document.activeElement.getAttribute('aria-describedby'))
                      === document.activeElement.querySelector('.tip')""")
    page.page.keyboard.press("j")
    assert page.js("document.activeElement.id") != first
    page.page.keyboard.press("k")
    assert page.js("document.activeElement.id") == first


def test_the_page_fits_a_phone_screen(opened, pages) -> None:
    page = opened(pages["batch"], width=390, height=844)
    assert page.js("document.documentElement.scrollWidth") <= 390
    assert page.js("parseFloat(getComputedStyle(document.querySelector('.txt p')).fontSize)") >= 14
    assert _ink(page) > 0.02


@pytest.mark.parametrize("name", ["hostile", "bare"])
def test_a_hostile_article_runs_no_script(opened, pages, name: str) -> None:
    page = opened(pages[name])
    page.page.hover(".rm")  # the details of a removal show its reason
    assert page.dialogs == []
    assert page.js("window.__pwned") is None
    assert page.js("document.querySelectorAll('img, iframe, object, embed, svg:not(.chart)').length") == 0
    assert page.js("document.scripts.length") == 1  # the page's own
    text = page.js("document.body.textContent")
    assert HOSTILE in text and "<script>window.__pwned = 4</script>" in text  # shown as text
    assert page.js("document.title") == HOSTILE
    assert page.js("document.querySelectorAll('.rm').length") == len(pages["hostile_data"]["removed"])
