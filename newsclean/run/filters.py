"""Document filters of a batch (``--min-words N``, ``--lang CODES``): which cleaned documents to
leave out of the outputs, and why. Off by default; a dropped document is counted in the summary
and listed in the report with its reason, as web-corpus tools (C4, datatrove) do."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from newsclean.article import Article
from newsclean.errors import OptionError
from newsclean.text.language import primary

__all__ = ["Filters", "language_codes", "parse_langs"]


@lru_cache(maxsize=1)
def language_codes() -> frozenset[str]:
    """The ISO 639-1 language codes (``data/common/iso-639-1.txt``)."""
    text = resources.files("newsclean").joinpath("data/common/iso-639-1.txt").read_text("utf-8")
    return frozenset(line.split("#", 1)[0].strip() for line in text.splitlines() if line.split("#", 1)[0].strip())


def parse_langs(value: str) -> tuple[str, ...]:
    """``"en,de"`` as language codes; an unknown code is an :class:`OptionError` that names it."""
    codes = tuple(dict.fromkeys(c.strip() for c in value.split(",") if c.strip()))
    if not codes:
        raise OptionError("--lang takes language codes such as en or en,de")
    known = language_codes()
    unknown = [c for c in codes if primary(c) not in known]
    if unknown:
        raise OptionError(f"unknown language code(s): {', '.join(unknown)} (ISO 639-1 codes such as en, de, fr)")
    return tuple(primary(c) or c for c in codes)


@dataclass(frozen=True)
class Filters:
    """``min_words``: drop a document whose body has fewer words. ``langs``: keep only documents
    in these languages (primary subtags). A document whose language cannot be told is kept
    when one language is given (and cleaned with that language's word lists), and dropped
    when several are."""

    min_words: int = 0
    langs: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        if self.min_words < 0:
            raise OptionError(f"--min-words must be 0 or more, not {self.min_words}")

    @property
    def active(self) -> bool:
        return bool(self.min_words or self.langs)

    @property
    def assumed_lang(self) -> str | None:
        """The language a document is cleaned as when its own cannot be told (one code given)."""
        return self.langs[0] if len(self.langs) == 1 else None

    def verdict(self, article: Article) -> tuple[str, str] | None:
        """``(reason, kind)`` when the document is dropped, else None. ``kind`` is what the
        summary counts (``fewer than 50 words``), ``reason`` says it of this document."""
        if self.langs:
            lang = primary(article.language)
            if lang is None:
                return "language not detected", "language not detected"
            if lang not in self.langs:
                return f"language {lang}, not {', '.join(self.langs)}", f"language {lang}"
        if self.min_words:
            words = len(article.body.split())
            if words < self.min_words:
                return f"{words} words, fewer than {self.min_words}", f"fewer than {self.min_words} words"
        return None
