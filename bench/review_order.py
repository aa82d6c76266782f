"""How often the review page's rebuilt view puts each removal between the right kept lines.

For HTML the page has no input text to show: it rebuilds the extracted text from the JSON's body
and removals (newsclean/review/view.py). Here, for every corpus page, the extracted text is made
again the way ``newsclean.clean`` makes it, the exact view is built from it, and the two views
are compared: for each line with a removal, the number of kept lines before it must match. The
same is done for the corpus's text files (``trafilatura.txt``) rebuilt without their text, which
is what ``review_html`` does without ``sources=``.

    python bench/review_order.py [--limit N]

Reads ../shared/corpus (or NEWSCLEAN_CORPUS); says so when it is absent.
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _corpus import pages, read_html, require_corpus  # noqa: E402

import newsclean  # noqa: E402
from newsclean.html import apply_page, extract_page  # noqa: E402
from newsclean.pipeline import clean_text  # noqa: E402
from newsclean.review.view import DocView, from_source, reconstruct  # noqa: E402
from newsclean.text.language import choose  # noqa: E402


def _places(view: DocView) -> dict[int, int]:
    """For each removal line: how many kept lines come before it."""
    out: dict[int, int] = {}
    kept = 0
    for row in view.rows:
        if any(seg.removal is not None for seg in row.segments):
            if row.line is not None:
                out.setdefault(row.line, kept)
        else:
            kept += 1
    return out


def compare(text: str, data: dict, counts: Counter, kind: str) -> None:
    # HTML text-stage removals are numbered by the page's lines and placed by ``extracted_line``;
    # both views here are keyed by the line of the extracted text.
    removed = [{k: v for k, v in r.items() if k != "extracted_line"} | {"line": r.get("extracted_line", r.get("line"))}
               for r in data["removed"] if r.get("path") is None]
    removed = [r for r in removed if isinstance(r["line"], int) and r["line"] >= 1]
    exact = from_source(text, removed)
    if exact is None:
        counts[kind, "pages not comparable"] += 1
        return
    want, got = _places(exact), _places(reconstruct(data["body"], removed))
    right = sum(got.get(line) == n for line, n in want.items())
    counts[kind, "pages"] += 1
    counts[kind, "pages with every removal in place"] += right == len(want)
    counts[kind, "removal lines"] += len(want)
    counts[kind, "removal lines in place"] += right


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--limit", type=int, default=0, help="pages to read (0: all)")
    args = parser.parse_args()
    corpus = require_corpus()
    counts: Counter = Counter()
    for n, entry in enumerate(pages(corpus)):
        if args.limit and n >= args.limit:
            break
        # The HTML branch of newsclean.clean(), keeping the extracted text it does not return.
        page = extract_page(read_html(entry), url=None, disable=frozenset())
        article = clean_text(page.text, lang=choose(None, page.language, page.text))
        compare(page.text, apply_page(article, page).to_dict(), counts, "HTML (extracted text)")
        text_file = entry["dir"] / "trafilatura.txt"
        if text_file.is_file():
            text = text_file.read_text(encoding="utf-8")
            compare(text, newsclean.clean(text, kind="text").to_dict(), counts, "text, without sources=")
    print("| input | pages | pages with every removal in place | removal lines in place | not comparable |")
    print("|---|---:|---:|---:|---:|")
    for kind in ("HTML (extracted text)", "text, without sources="):
        pages_n, lines_n = counts[kind, "pages"], counts[kind, "removal lines"]
        whole, right = counts[kind, "pages with every removal in place"], counts[kind, "removal lines in place"]
        print(f"| {kind} | {pages_n} | {whole} ({100 * whole / max(pages_n, 1):.1f}%) | "
              f"{right} of {lines_n} ({100 * right / max(lines_n, 1):.1f}%) | {counts[kind, 'pages not comparable']} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
