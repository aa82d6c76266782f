"""Languages: what the non-English word lists catch and lose, and what they cost.

One table, one row per language, on two sources:

* the non-English pages of the corpus (``../shared/corpus``, see ``_corpus.py``): text mode on
  ``trafilatura.txt`` (or, for pages without it, ``trafilatura.extract(html)`` computed here),
  with the line rule of ``text_corpus.py``: a line is gold when half its word 3-grams are in
  ``gold.txt`` (lines under three words: when its words appear in that order). "caught" is
  non-gold lines removed as clutter, "lost" gold lines removed as clutter, "meta" lines moved
  to metadata. Also the HTML path (``clean(html)``) as bag-of-words F1 against the gold body.
* the hand-written fixtures ``fixtures/text/<lang>/``: must-drop snippets removed, must-keep
  snippets lost.

Each is run twice: with English lists only (``lang="en"``) and as a user runs it (no ``lang``:
the language is chosen by ``newsclean.text.language``), so the table shows what the language's own
lists add. Then throughput: every text document (English seeds and fixtures, the language
fixtures, the corpus texts) cleaned with ``lang="en"`` (no detection, English lists) and with
no ``lang`` (detection, English plus the document's language, all seven languages loaded),
interleaved document by document in one run, CPU time. The machine is shared: compare ratios.
Run: python bench/languages.py
"""

from __future__ import annotations

import gc
import json
import sys
import time
from collections import Counter

from _corpus import ROOT, corpus_dir, meta, pages, read_html, trigrams, words
from html_corpus import prf

import newsclean
from newsclean.text.language import detect
from newsclean.text.lines import split_lines

LANGS = ("de", "fr", "es", "it", "pt", "pl", "nl")


def _gold_line(text: str, gold_grams: set, gold_words: str) -> bool:
    line_words = words(text)
    if len(line_words) < 3:
        return bool(line_words) and f" {' '.join(line_words)} " in gold_words
    grams = trigrams(text)
    return len(grams & gold_grams) / len(grams) >= 0.5


def _text_counts(text: str, gold: str, lang: str | None) -> Counter:
    # The line scorer is off on corpus pages: the shipped model was trained on them.
    article = newsclean.clean(text, kind="text", lang=lang, disable=["line-model"])
    gold_grams, gold_words = trigrams(gold), " " + " ".join(words(gold)) + " "
    whole: dict[int, list] = {}
    for r in article.removed:
        if r.start is None:
            whole.setdefault(r.line, []).append(r)
    counts: Counter = Counter()
    for line in split_lines(text).lines:
        if not line.text:
            continue
        gone = whole.get(line.number, [])
        is_meta = bool(gone) and all(r.is_metadata for r in gone)
        kind = "gold" if _gold_line(line.text, gold_grams, gold_words) else "other"
        counts[kind] += 1
        if gone:
            counts[f"{kind}-{'meta' if is_meta else 'removed'}"] += 1
    return counts


def _corpus_rows() -> tuple[dict[str, dict], list[str]]:
    corpus = corpus_dir()
    rows: dict[str, dict] = {}
    texts: list[str] = []
    if corpus is None:
        return rows, texts
    import trafilatura

    for entry in pages(corpus):
        lang = entry["language"]
        if lang == "en":
            continue
        html = read_html(entry)
        gold = (entry["dir"] / "gold.txt").read_text(encoding="utf-8")
        path = entry["dir"] / "trafilatura.txt"
        text = path.read_text(encoding="utf-8") if path.is_file() else (trafilatura.extract(html) or "")
        texts.append(text)
        row = rows.setdefault(lang, {"pages": 0, "detected": 0, "en": Counter(), "auto": Counter(),
                                     "f1_en": 0.0, "f1_auto": 0.0, "html_lang": Counter()})
        row["pages"] += 1
        row["detected"] += detect(text) == lang
        row["en"] += _text_counts(text, gold, "en")
        row["auto"] += _text_counts(text, gold, None)
        row["f1_en"] += prf(newsclean.clean(html, kind="html", lang="en").body, gold)[2]
        auto = newsclean.clean(html, kind="html")
        row["f1_auto"] += prf(auto.body, gold)[2]
        row["html_lang"][auto.language] += 1
        assert meta(entry)["language"] == lang
    return rows, texts


def _fixture_rows() -> tuple[dict[str, dict], list[str]]:
    rows: dict[str, dict] = {}
    texts: list[str] = []
    for lang in LANGS:
        folder = ROOT / "fixtures" / "text" / lang
        expect = json.loads((folder / "expectations.json").read_text(encoding="utf-8"))
        row = rows.setdefault(lang, {"files": 0, "drop": 0, "keep": 0, "en": Counter(), "auto": Counter()})
        for name, exp in expect.items():
            text = (folder / name).read_text(encoding="utf-8")
            texts.append(text)
            row["files"] += 1
            row["drop"] += len(exp["must_drop"])
            row["keep"] += len(exp["must_keep"])
            for mode, lang_arg in (("en", "en"), ("auto", None)):
                article = newsclean.clean(text, lang=lang_arg)
                removed = " ".join(r.text for r in article.removed)
                paragraphs = article.body.split("\n")
                row[mode]["caught"] += sum(
                    1 for s, category in exp["must_drop"].items()
                    if any(s in r.text and r.category == category for r in article.removed))
                row[mode]["lost"] += sum(1 for s in exp["must_keep"] if s not in article.body and s in removed)
                row[mode]["left"] += sum(1 for s in exp["must_drop"] if s in paragraphs)
    return rows, texts


def _throughput(texts: list[str], rounds: int = 8) -> dict[str, float]:
    """Docs/s, CPU time: English lists only (``lang="en"``); seven languages loaded and the
    language detected (no ``lang``); the same with the language given (``lang=`` what detection
    found, so no detection); and detection alone.

    Each round runs every mode over all texts, in rotating order, so that all modes see the same
    machine state.
    """
    found = [detect(text) for text in texts]
    for text in texts:  # warm-up: every language's rule book is built and cached
        newsclean.clean(text, kind="text")
        newsclean.clean(text, kind="text", lang="en")

    def english() -> None:
        for text in texts:
            newsclean.clean(text, kind="text", lang="en")

    def auto() -> None:
        for text in texts:
            newsclean.clean(text, kind="text")

    def given() -> None:
        for text, lang in zip(texts, found):
            newsclean.clean(text, kind="text", lang=lang or "en")

    def detection() -> None:
        for text in texts:
            detect(text)

    modes = [english, auto, given, detection]
    spent = dict.fromkeys(modes, 0.0)
    for i in range(rounds):
        for run in modes[i % 4:] + modes[:i % 4]:
            gc.collect()
            start = time.process_time()
            run()
            spent[run] += time.process_time() - start
    n = rounds * len(texts)
    return {run.__name__: n / spent[run] for run in modes}


def _langid_rate(texts: list[str]) -> str:
    """py3langid on the same texts, if it is installed (it is not a dependency)."""
    try:
        start = time.process_time()
        from py3langid.langid import MODEL_FILE, LanguageIdentifier
        identifier = LanguageIdentifier.from_model_file(MODEL_FILE)
        load = time.process_time() - start
    except ImportError:
        return "py3langid not installed"
    start = time.process_time()
    for text in texts:
        identifier.classify(text)
    rate = len(texts) / (time.process_time() - start)
    return f"py3langid for comparison: {rate:,.0f} docs/s on the same texts, model load {load:.2f} s"


def _pct(part: int, whole: int) -> str:
    return f"{part}/{whole}" if whole else "–"


def main() -> None:
    corpus, corpus_texts = _corpus_rows()
    fixtures, fixture_texts = _fixture_rows()
    print("| lang | source | docs | language found | clutter caught, en lists → with lang | "
          "content lost, en → lang | moved to metadata, en → lang | HTML body F1, en → lang |")
    print("|---|---|---:|---:|---:|---:|---:|---:|")
    for lang in sorted(set(corpus) | set(fixtures)):
        if lang in corpus:
            r = corpus[lang]
            en, auto, n = r["en"], r["auto"], r["pages"]
            found = ", ".join(f"{k or 'none'} {v}" for k, v in r["html_lang"].most_common())
            print(f"| {lang} | corpus | {n} | text {_pct(r['detected'], n)}; html: {found} | "
                  f"{_pct(en['other-removed'], en['other'])} → {_pct(auto['other-removed'], auto['other'])} | "
                  f"{_pct(en['gold-removed'], en['gold'])} → {_pct(auto['gold-removed'], auto['gold'])} | "
                  f"{en['other-meta'] + en['gold-meta']} → {auto['other-meta'] + auto['gold-meta']} | "
                  f"{r['f1_en'] / n:.3f} → {r['f1_auto'] / n:.3f} |")
        if lang in fixtures:
            r = fixtures[lang]
            en, auto = r["en"], r["auto"]
            print(f"| {lang} | fixtures | {r['files']} | {lang} | {_pct(en['caught'], r['drop'])} → "
                  f"{_pct(auto['caught'], r['drop'])} must-drop | {_pct(en['lost'], r['keep'])} → "
                  f"{_pct(auto['lost'], r['keep'])} must-keep | | |")
    seeds = [p.read_text(encoding="utf-8") for p in sorted((ROOT / "seeds").glob("*.txt"))]
    english = seeds + [p.read_text(encoding="utf-8") for p in sorted((ROOT / "fixtures" / "text").glob("*.txt"))]
    corpus = corpus_dir()
    if corpus is not None:
        english += [(e["dir"] / "trafilatura.txt").read_text(encoding="utf-8") for e in pages(corpus)
                    if e["has_trafilatura"] and e["language"] == "en"]
    others = fixture_texts + corpus_texts
    print("\nthroughput, text mode, CPU time, all modes interleaved in one run:")
    print("| documents | English lists only (lang='en') | seven languages loaded, detected (no lang) "
          "| ratio | same, language given (lang=) | ratio | detection alone, share of an English-only clean |")
    print("|---|---:|---:|---:|---:|---:|---:|")
    for label, texts in ((f"{len(english)} English (seeds, fixtures, corpus)", english),
                         (f"{len(others)} non-English (fixtures, corpus)", others),
                         ("all of them", english + others)):
        r = _throughput(texts)
        print(f"| {label} | {r['english']:,.0f}/s | {r['auto']:,.0f}/s | {r['auto'] / r['english']:.2f} | "
              f"{r['given']:,.0f}/s | {r['given'] / r['english']:.2f} | {r['english'] / r['detection']:.1%} |")
    texts = english + others
    print(_langid_rate(texts))
    if corpus_dir() is None:
        print("\n(corpus not found: corpus rows skipped; set NEWSCLEAN_CORPUS)", file=sys.stderr)


if __name__ == "__main__":
    main()
