"""Read a folder of labelled pages into block-scorer training rows (``python -m newsclean.train.html``).

A labelled page is a folder with ``page.html.gz`` (or ``page.html``) and ``gold.txt`` (the
clean body, paragraphs separated by blank lines); ``meta.json`` may give ``url``, ``domain``
(the site, for grouped validation) and ``page_type``. The development corpus has this layout.

Each page goes through the HTML path as far as the block scorer sees it: parse, the DOM
clutter pass, the segment walk, trafilatura on the same tree; then each segment is labelled
against the gold: content when at least half of its word 3-grams are in the gold, or, for a
segment of one or two words, when its words are a run of the gold's words.
"""

from __future__ import annotations

import gzip
import json
import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator
from urllib.parse import urlsplit

import numpy as np

__all__ = ["Page", "page_folders", "read_page", "label", "site_of", "token_sites"]

_WORD = re.compile(r"\w+")
_ATTR = re.compile(r"""\b(?:class|id)\s*=\s*["']([^"']{1,300})["']""", re.I)


@dataclass
class Page:
    """One page's rows and what evaluation needs."""

    id: str
    site: str
    page_type: str
    language: str
    X: np.ndarray  # float32 (segments × features)
    y: np.ndarray  # int8, 1 = content
    kept: np.ndarray  # trafilatura's kept share per segment
    texts: list[str]  # segment texts
    tags: list[int]
    text: str  # trafilatura's text as newsclean renders it (page.text)
    line_segments: list[list[tuple[int, int]]]
    gold: str
    extra: dict  # comparison outputs (trafilatura default / favor_precision, newsclean today)


def page_folders(root: Path) -> list[Path]:
    """Folders under ``root`` that hold a labelled page, in manifest order when there is one."""
    manifest = root / "manifest.jsonl"
    if manifest.is_file():
        return [root / json.loads(line)["path"] for line in manifest.read_text("utf-8").splitlines() if line.strip()]
    return sorted(p.parent for p in root.rglob("gold.txt") if any((p.parent / n).is_file()
                                                                  for n in ("page.html.gz", "page.html")))


def read_page(folder: Path) -> tuple[str, str, dict]:
    """(html, gold, meta) of one page folder."""
    gz = folder / "page.html.gz"
    html = gzip.open(gz).read().decode("utf-8") if gz.is_file() else (folder / "page.html").read_text("utf-8")
    meta_path = folder / "meta.json"
    meta = json.loads(meta_path.read_text("utf-8")) if meta_path.is_file() else {}
    return html, (folder / "gold.txt").read_text("utf-8"), meta


def site_of(meta: dict, folder: Path) -> str:
    """The site a page belongs to: ``domain``, else the URL's host, else the folder name."""
    if meta.get("domain"):
        return str(meta["domain"]).lower().removeprefix("www.")
    try:
        host = urlsplit(meta.get("url") or "").hostname
    except ValueError:
        host = None
    return (host or folder.name).lower().removeprefix("www.")


def token_sites(pages: list[tuple[str, str]]) -> Counter[str]:
    """For each class/id token, on how many sites it appears (``pages``: (site, html)). Choosing
    the vocabulary by spread over sites, not by label, keeps it free of the labels."""
    from newsclean.html.blocks_walk import class_tokens

    seen: dict[str, set[str]] = {}
    for site, html in pages:
        for value in _ATTR.findall(html):
            for tok in class_tokens(value):
                seen.setdefault(tok, set()).add(site)
    return Counter({tok: len(sites) for tok, sites in seen.items()})


def _words(text: str) -> list[str]:
    return _WORD.findall(text.lower())


def label(texts: list[str], gold: str) -> np.ndarray:
    """1 for a segment that belongs to the gold body (see module docstring), else 0."""
    gold_words = _words(gold)
    grams = {tuple(gold_words[i:i + 3]) for i in range(len(gold_words) - 2)}
    joined = " " + " ".join(gold_words) + " "
    out = np.zeros(len(texts), dtype=np.int8)
    for i, text in enumerate(texts):
        w = _words(text)
        if not w:
            continue
        if len(w) >= 3:
            mine = [tuple(w[j:j + 3]) for j in range(len(w) - 2)]
            out[i] = sum(g in grams for g in mine) >= 0.5 * len(mine)
        else:
            out[i] = (" " + " ".join(w) + " ") in joined
    return out


def iter_pages(root: Path) -> Iterator[tuple[Path, str, str, dict]]:
    for folder in page_folders(root):
        html, gold, meta = read_page(folder)
        yield folder, html, gold, meta
