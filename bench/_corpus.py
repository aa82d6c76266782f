"""Where the development corpus is, and how to read it (shared by the benchmarks)."""

from __future__ import annotations

import gzip
import json
import os
import re
import sys
from pathlib import Path
from typing import Iterator

ROOT = Path(__file__).resolve().parents[1]


def corpus_dir() -> Path | None:
    """The corpus folder (env NEWSCLEAN_CORPUS, else ../shared/corpus beside the repo), or None."""
    env = os.environ.get("NEWSCLEAN_CORPUS")
    path = Path(env) if env else ROOT.parent / "shared" / "corpus"
    return path if (path / "manifest.jsonl").is_file() else None


def require_corpus() -> Path:
    """The corpus folder; exit 0 with a clear message when it is absent (a user's clone)."""
    path = corpus_dir()
    if path is None:
        print("corpus not found: set NEWSCLEAN_CORPUS or put the corpus at ../shared/corpus "
              "beside the repository; nothing measured.")
        sys.exit(0)
    return path


def pages(corpus: Path) -> Iterator[dict]:
    """Manifest entries, each with its folder under ``dir``."""
    with (corpus / "manifest.jsonl").open(encoding="utf-8") as handle:
        for line in handle:
            entry = json.loads(line)
            entry["dir"] = corpus / entry["path"]
            yield entry


def read_html(entry: dict) -> str:
    return gzip.open(entry["dir"] / "page.html.gz").read().decode("utf-8")


def meta(entry: dict) -> dict:
    return json.loads((entry["dir"] / "meta.json").read_text(encoding="utf-8"))


_WORD = re.compile(r"\w+")


def words(text: str) -> list[str]:
    return _WORD.findall(text.lower())


def trigrams(text: str) -> set[tuple[str, ...]]:
    w = words(text)
    return {tuple(w[i:i + 3]) for i in range(max(len(w) - 2, 0))} or ({tuple(w)} if w else set())
