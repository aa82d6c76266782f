"""Date, author and title accuracy of newsclean's HTML metadata on the development corpus, next
to trafilatura and htmldate, by page type and by language.

Run: python bench/metadata.py [--cache FILE] [--limit N] [--dump FILE] [-v]
(needs ../shared/corpus or NEWSCLEAN_CORPUS; exits 0 without)

Systems, all given the page's URL from meta.json (None when unknown):

* newsclean: ``newsclean.clean(html, kind="html", url=url)``: ``published``, ``authors``, ``title``.
* trafilatura: ``trafilatura.extract_metadata(html, default_url=url)`` (its defaults: htmldate
  with ``original_date=True, extensive_search=True``); authors split on ";".
* htmldate: ``htmldate.find_date(html, url=url)`` with htmldate's own defaults (extensive search,
  ``original_date=False``); dates only.

``--cache FILE`` keeps trafilatura's and htmldate's answers in a JSON file (they do not change
between runs of newsclean's code); ``--dump FILE`` writes every page's answers; ``-v`` lists
newsclean's wrong and missing answers.

Scores, against meta.json (WCXB gold: ``date`` a day, ``authors`` a free string that can be an
organisation ("Camphouse Team"); readability gold: Readability's own extraction, a "By" and all):

* **Dates**, over pages whose gold has a date. The predicted day is the calendar day of the value
  as the system writes it (a timestamp's own zone; a readability gold timestamp is read the same
  way). *exact*: same day. *cov*: any date returned. *wrong*: a date returned on another day
  (exact + wrong = cov). *upd* (newsclean only): wrong pages where the gold day is newsclean's
  ``updated`` (WCXB often dates a page by its visible "Updated …" line; newsclean's ``published``
  keeps the original publication). *undated*: over pages whose gold has no date, the share given
  one (not a score: WCXB leaves many dated pages undated, so a date there is not proof of an
  invention).
* **Authors**, over pages whose gold has authors. Names are compared in a normal form: accents
  stripped, case folded, punctuation dropped, a leading "By"/"Written by" removed. The gold string
  is split into names at ",", ";", "&", "|" and " and ". Two names *match* when their normal forms
  are equal, or when every word of the shorter one (at least two words) is in the longer one
  ("Shelia R. Cotten" = "Shelia Cotten"). *exact*: the predicted names are the gold names (each
  gold name matched by one predicted name and no extra name). *lenient*: the first predicted name
  matches the first gold name, or every gold name is matched by a predicted one. *wrong*: names
  returned that are not lenient-right.
* **Titles**, over pages whose gold has a title. *exact*: equal once case, quotes, dashes and
  whitespace are normalised. *lenient*: the word sequences (lower-cased, accents stripped, letters
  and digits only) are equal; or the shorter is the start or the end of the longer and holds at
  least half of its words; or the longer is the shorter with parts added at title separators
  (``|``, ``:``, ``·``, ``•``, ``»``, ``/``, a spaced dash): a site name or a subtitle added or
  dropped ("Hiking Boots" = "Hiking Boots: Shop Boots for Hiking | REI Co-op").

Rows: the whole corpus, then each page type, then each language. Cells are shares of the row's
pages with that gold field (n). Accuracy on these pages was used to develop the rules: the
held-out set is the judge (see the corpus README).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import re
import sys
import unicodedata
import warnings
from collections import defaultdict
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from _corpus import meta, pages, read_html, require_corpus  # noqa: E402

SYSTEMS = ("newsclean", "trafilatura", "htmldate")

# --- normal forms -----------------------------------------------------------------------------

_BY = re.compile(r"^(?:(?:written|posted|reported|story)\s+)?by\s*:?\s+", re.I)
_GOLD_SPLIT = re.compile(r"\s*(?:[,;&|]|\band\b)\s*", re.I)


def _fold(text: str) -> str:
    text = unicodedata.normalize("NFKD", text)
    return "".join(c for c in text if not unicodedata.combining(c)).casefold()


def name_key(name: str) -> tuple[str, ...]:
    """A name's words: accents stripped, case folded, punctuation and a leading "By" dropped."""
    name = _BY.sub("", name.strip())
    return tuple(re.findall(r"[^\W_]+", _fold(name)))


def gold_names(gold: str) -> list[tuple[str, ...]]:
    names = [name_key(p) for p in _GOLD_SPLIT.split(_BY.sub("", gold.strip()))]
    return [n for n in names if n]


def names_match(a: tuple[str, ...], b: tuple[str, ...]) -> bool:
    if not a or not b:
        return False
    if a == b:
        return True
    short, long_ = sorted((a, b), key=len)
    return len(short) >= 2 and set(short) <= set(long_)


def authors_scores(predicted: list[str], gold: str) -> tuple[bool, bool]:
    """(exact, lenient) for one page whose gold has authors."""
    want = gold_names(gold)
    got = [k for k in (name_key(p) for p in predicted) if k]
    if not want or not got:
        return False, False
    every = all(any(names_match(w, g) for g in got) for w in want)
    exact = every and len(got) == len(want) and all(any(names_match(g, w) for w in want) for g in got)
    lenient = every or names_match(got[0], want[0])
    return exact, lenient


_QUOTES = str.maketrans({"‘": "'", "’": "'", "“": '"', "”": '"', "–": "-", "—": "-", "\u00a0": " "})


def title_exact_key(text: str) -> str:
    return " ".join(unicodedata.normalize("NFKC", text).translate(_QUOTES).casefold().split())


_TITLE_SEPARATOR = re.compile(r"\s*(?:[|:·•»/]|\s[-–—]\s|\s[-–—]|[-–—]\s)\s*")


def _title_words(text: str) -> list[str]:
    return re.findall(r"\w+", _fold(text))


def title_scores(predicted: str | None, gold: str) -> tuple[bool, bool]:
    if not predicted:
        return False, False
    exact = title_exact_key(predicted) == title_exact_key(gold)
    a, b = _title_words(predicted), _title_words(gold)
    if not a or not b:
        return exact, exact
    if exact or a == b:
        return exact, True
    short, long_ = sorted((a, b), key=len)
    edge = long_[: len(short)] == short or long_[len(long_) - len(short):] == short
    if edge and 2 * len(short) >= len(long_):
        return exact, True
    # The same title with a part added at a separator: "Hiking Boots" = "Hiking Boots: Shop … | REI".
    longer = max((predicted, gold), key=lambda t: len(_title_words(t)))
    parts = [p for p in _TITLE_SEPARATOR.split(_fold(" ".join(longer.split()))) if p.strip()]
    return exact, any(_title_words(" ".join(parts[:i])) == short or _title_words(" ".join(parts[i:])) == short
                      for i in range(1, len(parts)))


def day_of(value: Any) -> str | None:
    """The calendar day a value names, as written (a timestamp keeps its own zone)."""
    if value is None:
        return None
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()[:10]
    match = re.match(r"\s*(\d{4}-\d{2}-\d{2})", str(value))
    return match[1] if match else None


# --- systems -----------------------------------------------------------------------------------

def run_newsclean(html: str, url: str | None) -> dict[str, Any]:
    import newsclean

    art = newsclean.clean(html, kind="html", url=url)
    return {"date": day_of(art.published), "authors": list(art.authors), "title": art.title,
            "published": art.published.isoformat() if art.published else None,
            "updated": day_of(art.updated)}


def run_trafilatura(html: str, url: str | None) -> dict[str, Any]:
    import trafilatura

    doc = trafilatura.extract_metadata(html, default_url=url)
    if doc is None:
        return {"date": None, "authors": [], "title": None}
    authors = [a.strip() for a in (doc.author or "").split(";") if a.strip()]
    return {"date": day_of(doc.date), "authors": authors, "title": doc.title}


def run_htmldate(html: str, url: str | None) -> dict[str, Any]:
    from htmldate import find_date

    return {"date": day_of(find_date(html, url=url))}


# --- tallies -----------------------------------------------------------------------------------

class Tally:
    """Counts for one (row, system)."""

    def __init__(self) -> None:
        self.n: dict[str, int] = defaultdict(int)
        self.hits: dict[str, int] = defaultdict(int)

    def add(self, key: str, hit: bool) -> None:
        self.hits[key] += hit

    def share(self, key: str, denominator: str) -> str:
        n = self.n.get(denominator, 0)
        return f"{self.hits[key] / n:.3f}" if n else "–"


def score_page(gold: dict, answer: dict, tally: Tally, system: str) -> None:
    gold_day = day_of(gold.get("date"))
    if "date" in answer:
        if gold_day:
            tally.n["dated"] += 1
            got = answer["date"]
            tally.add("d_exact", got == gold_day)
            tally.add("d_cov", got is not None)
            tally.add("d_wrong", got is not None and got != gold_day)
            # newsclean's update is the gold day and its publication is not: the gold took the
            # page's "Updated …" date where newsclean keeps the original publication.
            tally.add("d_upd", answer.get("updated") == gold_day and got != gold_day)
        else:
            tally.n["undated"] += 1
            tally.add("d_undated", answer["date"] is not None)
    if "authors" in answer and gold_names(gold.get("authors") or ""):
        tally.n["authored"] += 1
        exact, lenient = authors_scores(answer["authors"], gold["authors"])
        tally.add("a_exact", exact)
        tally.add("a_lenient", lenient)
        tally.add("a_wrong", bool(answer["authors"]) and not lenient)
    if "title" in answer and gold.get("title"):
        tally.n["titled"] += 1
        exact, lenient = title_scores(answer["title"], gold["title"])
        tally.add("t_exact", exact)
        tally.add("t_lenient", lenient)


def print_tables(rows: dict[str, dict[str, Tally]], order: list[str]) -> None:
    def table(title: str, den: str, cols: list[tuple[str, str, str]]) -> None:
        print(f"\n### {title}\n")
        print("| pages | n | " + " | ".join(f"{sys_[:5]} {label}" for sys_, label, _ in cols) + " |")
        print("|---|---:|" + "---:|" * len(cols))
        for row in order:
            n = rows[row]["newsclean"].n.get(den, 0)
            if not n:
                continue
            cells = [rows[row][s].share(key, den) for s, _, key in cols]
            print(f"| {row} | {n} | " + " | ".join(cells) + " |")

    table("Dates (pages whose gold has a date)", "dated", [
        (s, label, key) for s in SYSTEMS for label, key in
        (("exact", "d_exact"), ("cov", "d_cov"), ("wrong", "d_wrong"))])
    table("Dates whose gold is newsclean's `updated`, not its `published` (gold took the update)",
          "dated", [("newsclean", "upd", "d_upd")])
    table("Dates given to pages whose gold has none (not a score)", "undated",
          [(s, "undated", "d_undated") for s in SYSTEMS])
    table("Authors (pages whose gold has authors)", "authored", [
        (s, label, key) for s in SYSTEMS[:2] for label, key in
        (("exact", "a_exact"), ("lenient", "a_lenient"), ("wrong", "a_wrong"))])
    table("Titles (pages whose gold has a title)", "titled", [
        (s, label, key) for s in SYSTEMS[:2] for label, key in (("exact", "t_exact"), ("lenient", "t_lenient"))])


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--cache", help="JSON file for trafilatura's and htmldate's answers")
    ap.add_argument("--limit", type=int, default=0, help="only the first N pages")
    ap.add_argument("--dump", help="write every page's answers to this JSON file")
    ap.add_argument("-v", action="store_true", help="list newsclean's wrong and missing answers")
    args = ap.parse_args()
    corpus = require_corpus()
    warnings.simplefilter("ignore")
    import logging

    logging.disable(logging.CRITICAL)  # trafilatura and htmldate log every odd page

    cache: dict[str, dict] = {}
    if args.cache and Path(args.cache).is_file():
        cache = json.loads(Path(args.cache).read_text("utf-8"))
    rows: dict[str, dict[str, Tally]] = defaultdict(lambda: {s: Tally() for s in SYSTEMS})
    dump: dict[str, dict] = {}
    notes: list[str] = []
    types: list[str] = []
    langs: list[str] = []
    for count, entry in enumerate(pages(corpus)):
        if args.limit and count >= args.limit:
            break
        gold = meta(entry)
        html = read_html(entry)
        url = gold.get("url")
        answers = {"newsclean": run_newsclean(html, url)}
        key = entry["id"]
        if key not in cache:
            cache[key] = {"trafilatura": run_trafilatura(html, url), "htmldate": run_htmldate(html, url)}
        answers.update(cache[key])
        kind, lang = gold.get("page_type") or "?", gold.get("language") or "?"
        types += [kind] if kind not in types else []
        langs += [f"lang {lang}"] if f"lang {lang}" not in langs else []
        for row in ("all", kind, f"lang {lang}"):
            for system in SYSTEMS:
                score_page(gold, answers[system], rows[row][system], system)
        dump[key] = {"gold": {k: gold.get(k) for k in ("title", "authors", "date")}, **answers}
        if args.v:
            notes += _notes(key, gold, answers["newsclean"], answers["trafilatura"])
    if args.cache:
        Path(args.cache).write_text(json.dumps(cache, ensure_ascii=False), "utf-8")
    if args.dump:
        Path(args.dump).write_text(json.dumps(dump, ensure_ascii=False, indent=1), "utf-8")
    print(f"Metadata on {sum(1 for _ in dump)} corpus pages (newsclean vs trafilatura vs htmldate)")
    order = ["all"] + sorted(types, key=lambda t: (t != "article", t)) + sorted(langs)
    print_tables(rows, order)
    if args.v:
        print("\nnewsclean misses (traf = trafilatura's answer):")
        print("\n".join(notes))


def _notes(key: str, gold: dict, ours: dict, traf: dict) -> list[str]:
    out = []
    gold_day = day_of(gold.get("date"))
    if gold_day and ours["date"] != gold_day:
        out.append(f"{key}: date {ours['published'] or '-'} vs gold {gold['date']} (traf {traf['date']})")
    if gold_names(gold.get("authors") or "") and not authors_scores(ours["authors"], gold["authors"])[1]:
        out.append(f"{key}: authors {ours['authors']} vs gold {gold['authors']!r} (traf {traf['authors']})")
    if gold.get("title") and not title_scores(ours["title"], gold["title"])[1]:
        out.append(f"{key}: title {ours['title']!r} vs gold {gold['title']!r}")
    return out


if __name__ == "__main__":
    main()
