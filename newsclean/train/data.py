"""Labelled lines from a folder of pages, as the line scorer sees them.

A page is a folder with ``gold.txt`` (the clean body) and one or more texts to clean:
``trafilatura.txt`` (an extractor's output: light clutter), ``fullpage.txt`` (the whole
page's text: heavy clutter); a folder with only ``page.html.gz`` (or ``page.html``) gets the
text of newsclean's own HTML extraction instead. ``meta.json`` is optional: ``domain`` or
``url`` give the site (pages of one site stay in one validation fold), ``page_type`` and
``language`` the report's rows, ``boilerplate_snippets`` extra negatives.

Each text is cleaned with the rules only; the scorer's first-round view of it (the lines, what
the rules took) is kept with a label per line: gold when at least half of the line's word
3-grams are in gold.txt (a line of one or two words: when its words appear in that order),
the rule of ``bench/text_corpus.py``.
"""

from __future__ import annotations

import gzip
import json
import os
import pickle
import re
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlparse

import numpy as np

from newsclean.model.features import LineTable, line_table
from newsclean.model.scorer import sequence

__all__ = ["Text", "read_folder", "read_cached", "SOURCES", "label_lines"]

SOURCES = ("trafilatura", "fullpage")
_WORD = re.compile(r"\w+")


@dataclass
class Text:
    """One cleaned text of one page (one piece of it, for a very long text)."""

    page: str
    source: str
    site: str
    page_type: str
    language: str
    gold: str
    texts: list[str]
    flags: np.ndarray
    table: LineTable
    gold_line: np.ndarray  # label of each line: in the gold body
    snippet: np.ndarray  # the line is one of the page's known boilerplate snippets


def _words(text: str) -> list[str]:
    return _WORD.findall(text.lower())


def _trigrams(text: str) -> set[tuple[str, ...]]:
    w = _words(text)
    return {tuple(w[i:i + 3]) for i in range(max(len(w) - 2, 0))} or ({tuple(w)} if w else set())


def label_lines(texts: list[str], gold: str) -> np.ndarray:
    """The gold label of each line (the rule of bench/text_corpus.py)."""
    grams = _trigrams(gold)
    run = " " + " ".join(_words(gold)) + " "
    out = np.zeros(len(texts), dtype=bool)
    for i, text in enumerate(texts):
        w = _words(text)
        if len(w) < 3:
            out[i] = bool(w) and f" {' '.join(w)} " in run
        else:
            g = _trigrams(text)
            out[i] = len(g & grams) / len(g) >= 0.5
    return out


def _norm(text: str) -> str:
    return " ".join(_words(text))


def _snippets(texts: list[str], snippets: list[str]) -> np.ndarray:
    snips = [s for s in map(_norm, snippets) if s]
    exact = set(snips)
    out = np.zeros(len(texts), dtype=bool)
    for i, text in enumerate(texts):
        n = _norm(text)
        k = len(n.split())
        out[i] = bool(n) and (n in exact or (k >= 3 and any(n in s for s in snips))
                              or any(len(s.split()) >= 3 and s in n and len(s) >= 0.6 * len(n) for s in snips))
    return out


def _site(meta: dict, page: str) -> str:
    if meta.get("domain"):
        return str(meta["domain"])
    host = urlparse(meta.get("url") or "").hostname or ""
    return host.removeprefix("www.") or page


def _sources(folder: Path) -> dict[str, str]:
    found = {}
    for source in SOURCES:
        path = folder / f"{source}.txt"
        if path.is_file():
            found[source] = path.read_text(encoding="utf-8")
    if not found:
        for name in ("page.html.gz", "page.html"):
            path = folder / name
            if path.is_file():
                data = path.read_bytes()
                html = (gzip.decompress(data) if name.endswith(".gz") else data).decode("utf-8", "replace")
                from newsclean.html import extract_page

                found["html"] = extract_page(html).text
                break
    return found


def read_folder(root: Path, progress=None) -> list[Text]:
    """Every page folder under ``root`` (any depth) that has a gold.txt, as labelled texts."""
    import newsclean.pipeline as pipeline

    seen: list[tuple] = []
    original = pipeline._line_model

    def capture(doc, findings, favor):
        seen.append((doc, list(findings)))
        return []

    out: list[Text] = []
    folders = sorted(Path(d) for d, _, files in os.walk(root, followlinks=True) if "gold.txt" in files)
    pipeline._line_model = capture
    try:
        for n, folder in enumerate(folders):
            meta_path = folder / "meta.json"
            meta = json.loads(meta_path.read_text(encoding="utf-8")) if meta_path.is_file() else {}
            page = str(folder.relative_to(root))
            gold = (folder / "gold.txt").read_text(encoding="utf-8")
            for source, text in _sources(folder).items():
                if not text.strip():
                    continue
                seen.clear()
                pipeline.clean(text, kind="text")
                for doc, findings in seen:
                    _, texts, flags, _ = sequence(doc, findings)
                    if not texts:
                        continue
                    out.append(Text(page, source, _site(meta, page), meta.get("page_type") or "unknown",
                                    meta.get("language") or "unknown", gold, texts, flags, line_table(texts),
                                    label_lines(texts, gold), _snippets(texts, meta.get("boilerplate_snippets") or [])))
            if progress:
                progress(n + 1, len(folders))
    finally:
        pipeline._line_model = original
    return out


def read_cached(root: Path, cache: str | None, progress=None) -> list[Text]:
    """:func:`read_folder`, through a pickle ``cache`` file when one is given: read from it when
    it exists, else written after reading. The line tables are not pickled: they are remade on
    loading, with this code's features (and this process's string hashes)."""
    if cache and Path(cache).is_file():
        texts = pickle.loads(Path(cache).read_bytes())
        for t in texts:
            t.table = line_table(t.texts)
        return texts
    texts = read_folder(root, progress)
    if cache:
        tables = [t.table for t in texts]
        for t in texts:
            t.table = None  # type: ignore[assignment]
        Path(cache).write_bytes(pickle.dumps(texts))
        for t, table in zip(texts, tables):
            t.table = table
    return texts
