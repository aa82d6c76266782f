"""Structure kept in ``-f markdown``: headings, list items, quote lines and table rows of
newsclean's markdown against trafilatura's own markdown output, on the corpus's article pages.

    python bench/markdown.py [--pages N] [--show K]

trafilatura runs with newsclean's extraction settings (comments off, tables on) and
``include_formatting=True``, as ``trafilatura --markdown`` does (without it its markdown has no
heading markers). The two then differ by what newsclean removes (clutter such as "Related
stories" headings; the title line, moved to ``title``), adds (the title as a ``# `` heading) and
escapes (a ``# comment`` line of a code block is ``\# comment``, not a heading). Prints totals
and the K pages with the most headings.
"""

from __future__ import annotations

import argparse
import gzip
import json
import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _corpus import require_corpus  # noqa: E402

_KINDS = {
    "headings": re.compile(r"(?m)^#{1,6} "),
    "list items": re.compile(r"(?m)^\s*(?:[-*+]|\d+\.) "),
    "quote lines": re.compile(r"(?m)^> ?\S"),
    "table rows": re.compile(r"(?m)^\|.*\|$"),
}


def counts(md: str) -> dict[str, int]:
    return {k: len(r.findall(md)) for k, r in _KINDS.items()}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pages", type=int, default=0, help="article pages to use (0: all)")
    parser.add_argument("--show", type=int, default=5, help="pages to list one by one")
    args = parser.parse_args()
    corpus = require_corpus()
    import trafilatura

    import newsclean
    from newsclean.html.extract import TRAFILATURA_OPTIONS

    articles = [json.loads(line) for line in (corpus / "manifest.jsonl").read_text(encoding="utf-8").splitlines()]
    pages = [corpus / m["path"] / "page.html.gz" for m in articles if m.get("page_type") == "article"]
    pages = [p for p in pages if p.exists()][: args.pages or None]
    options = {**{k: v for k, v in TRAFILATURA_OPTIONS.items() if k != "with_metadata"}, "include_formatting": True}
    total = {"trafilatura": dict.fromkeys(_KINDS, 0), "newsclean": dict.fromkeys(_KINDS, 0)}
    rows = []
    for page in pages:
        html = gzip.decompress(page.read_bytes()).decode("utf-8")
        theirs = counts(trafilatura.extract(html, output_format="markdown", **options) or "")
        ours = counts(newsclean.clean(html).to_markdown())
        for name, c in (("trafilatura", theirs), ("newsclean", ours)):
            for k, n in c.items():
                total[name][k] += n
        rows.append((theirs["headings"], page.parent.name, theirs, ours))
    print(f"{len(pages)} article pages of the development corpus\n")
    print("| | " + " | ".join(_KINDS) + " |")
    print("|---|" + "---:|" * len(_KINDS))
    for name in ("trafilatura", "newsclean"):
        print(f"| {name} markdown | " + " | ".join(str(total[name][k]) for k in _KINDS) + " |")
    print("| newsclean / trafilatura | " + " | ".join(
        f"{total['newsclean'][k] / total['trafilatura'][k]:.2f}" if total["trafilatura"][k] else "-" for k in _KINDS)
        + " |")
    print(f"\nThe {args.show} pages with the most headings in trafilatura's markdown (headings, trafilatura → newsclean):\n")
    for _, name, theirs, ours in sorted(rows, reverse=True)[: args.show]:
        print(f"- {name}: headings {theirs['headings']} → {ours['headings']}, list items {theirs['list items']} → "
              f"{ours['list items']}, table rows {theirs['table rows']} → {ours['table rows']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
