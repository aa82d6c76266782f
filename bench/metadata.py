"""Author and date accuracy of newsclean's normalizer on the development corpus, beside what
trafilatura reports for the same pages.

Run: python bench/metadata.py [--all]   (needs ../shared/corpus or NEWSCLEAN_CORPUS; exits 0 without)

Rows:
* newsclean text: ``clean()`` on the 100 ``trafilatura.txt`` files. Its authors and date come from
  the byline / dateline / bio lines it takes out, read by parse_byline / parse_date.
* newsclean html: ``clean()`` on the raw page (page metadata + text lines, normalized the same way).
* trafilatura: ``trafilatura.extract_metadata`` on the raw page (author, date).

Scoring against meta.json gold (``authors`` is a free string, ``date`` a day or ISO timestamp):
an author answer is right when every predicted name's words occur in the gold string and the
predicted words cover at least half of the gold's name words; a date is right on the same
calendar day. "found" counts pages with any answer; precision = right / found, recall = right /
pages with gold. ``--all`` scores the HTML rows on all 337 pages, not just the 100.
"""

from __future__ import annotations

import datetime as dt
import re
import sys
import unicodedata
import warnings
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from _corpus import meta, pages, read_html, require_corpus  # noqa: E402

# Words in gold author strings that are not part of a name.
_NOISE = {"by", "and", "the", "ms", "rd", "md", "phd", "dr", "mr", "mrs", "http", "https", "www",
          "com", "org", "staff", "team", "updated", "published", "last"}


def _words(text: str) -> list[str]:
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    return [w for w in re.findall(r"[a-z]+", text) if w not in _NOISE and len(w) > 1]


def author_right(predicted: list[str], gold: str) -> bool:
    gold_words = set(_words(gold))
    pred_words = {w for name in predicted for w in _words(name)}
    if not pred_words or not gold_words:
        return False
    return pred_words <= gold_words and len(pred_words) >= len(gold_words) / 2


def _day(value) -> dt.date | None:
    if value is None:
        return None
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value[:10])
        except ValueError:
            return None
    return value.date() if isinstance(value, dt.datetime) else value


class Score:
    def __init__(self) -> None:
        self.gold = self.found = self.right = 0

    def add(self, has_gold: bool, found: bool, right: bool) -> None:
        self.gold += has_gold
        self.found += found and has_gold
        self.right += right and has_gold

    def cells(self) -> str:
        prec = self.right / self.found if self.found else 0.0
        rec = self.right / self.gold if self.gold else 0.0
        return f"{self.found}/{self.gold} | {self.right} | {prec:.0%} | {rec:.0%}"


def _trafilatura(html: str) -> tuple[list[str], dt.date | None]:
    import trafilatura

    doc = trafilatura.extract_metadata(html)
    if doc is None:
        return [], None
    authors = [a.strip() for a in (doc.author or "").split(";") if a.strip()]
    return authors, _day(doc.date)


def main() -> None:
    corpus = require_corpus()
    import newsclean

    warnings.simplefilter("ignore")
    every = "--all" in sys.argv
    rows = {name: (Score(), Score()) for name in ("newsclean text", "newsclean html", "trafilatura")}
    misses: list[str] = []
    for entry in pages(corpus):
        if not entry.get("has_trafilatura") and not every:
            continue
        gold = meta(entry)
        gold_authors, gold_day = gold.get("authors") or "", _day(gold.get("date"))
        html = read_html(entry)
        results = {}
        if entry.get("has_trafilatura"):
            text = (entry["dir"] / "trafilatura.txt").read_text(encoding="utf-8")
            art = newsclean.clean(text, kind="text", lang=gold.get("language"))
            results["newsclean text"] = (art.authors, _day(art.published))
        try:
            art = newsclean.clean(html, kind="html")
            results["newsclean html"] = (art.authors, _day(art.published))
        except Exception as exc:  # a failure is a miss, not a crash of the benchmark
            misses.append(f"{entry['id']}: newsclean html failed: {exc!r}")
            results["newsclean html"] = ([], None)
        results["trafilatura"] = _trafilatura(html)
        for name, (authors, day) in results.items():
            a_score, d_score = rows[name]
            a_right = author_right(authors, gold_authors)
            a_score.add(bool(_words(gold_authors)), bool(authors), a_right)
            d_score.add(gold_day is not None, day is not None, day == gold_day)
            if name == "newsclean html" and authors and not a_right and _words(gold_authors):
                misses.append(f"{entry['id']}: authors {authors} vs gold {gold_authors!r}")
            if name == "newsclean html" and day and gold_day and day != gold_day:
                misses.append(f"{entry['id']}: date {day} vs gold {gold_day}")
    scope = "all 337 pages (text row: the 100 with trafilatura.txt)" if every else "the 100 pages with trafilatura.txt"
    print(f"Metadata accuracy on {scope}\n")
    print("| source | authors found/gold | right | precision | recall | date found/gold | right | precision | recall |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|")
    for name, (a_score, d_score) in rows.items():
        print(f"| {name} | {a_score.cells()} | {d_score.cells()} |")
    if "-v" in sys.argv:
        print("\nnewsclean html misses:")
        print("\n".join(misses))


if __name__ == "__main__":
    main()
