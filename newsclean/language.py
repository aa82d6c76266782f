"""The language of a document: the caller's, the page's, or the one its text is written in.

``clean()`` adds a language's word lists to the English ones, so it needs to know the language.
:func:`choose` decides, in this order:

1. ``lang=`` from the caller wins, whatever the text says.
2. Otherwise the text decides when :func:`detect` is sure of it ("mixed signals: the text
   wins"): a page declared ``<html lang="en">`` whose article is in German is German.
3. Otherwise the language the HTML page declares (``<html lang>``), if any.
4. Otherwise none: English word lists only, ``Article.language`` stays ``None``.

:func:`detect` counts function words ("der", "und", "het", "się") of each language that has a
``data/<lang>/stopwords.txt`` in the first :data:`SAMPLE_CHARS` characters. It answers only when
the best language covers at least :data:`MIN_SHARE` of the words, has :data:`MIN_HITS` hits and
:data:`MARGIN` times as many as the runner-up; else ``None``. Text in a language without word
lists (Czech, Chinese) therefore gets ``None``, not a near neighbour. It costs a regular
expression and a dictionary look-up per word: about 2% of the time ``clean()`` takes on the same
text (``bench/languages.py``), with no model to load.
"""

from __future__ import annotations

import re
from collections import Counter
from functools import lru_cache

from .wordlists import languages, read_list

__all__ = ["detect", "choose", "primary", "SAMPLE_CHARS", "MIN_HITS", "MIN_SHARE", "MARGIN"]

SAMPLE_CHARS = 3000  # about 500 words: enough for news prose, cheap for a long page
MIN_HITS = 3
MIN_SHARE = 0.06  # a tenth to a quarter of news prose is these words; Czech scores 1%
MARGIN = 2.0
_WORD = re.compile(r"[^\W\d_]+")


def primary(tag: str | None) -> str | None:
    """The primary subtag of a language tag, lower-cased: ``"de-AT"`` → ``"de"``; ``None`` stays."""
    if not tag:
        return None
    code = tag.strip().replace("_", "-").split("-", 1)[0].lower()
    return code or None


@lru_cache(maxsize=1)
def _index() -> dict[str, tuple[str, ...]]:
    """Each function word and the languages it belongs to."""
    index: dict[str, list[str]] = {}
    for lang in languages():
        for line in read_list(f"{lang}/stopwords.txt"):
            for word in line.lower().split():
                index.setdefault(word, []).append(lang)
    return {word: tuple(dict.fromkeys(langs)) for word, langs in index.items()}


def scores(text: str) -> tuple[int, Counter[str]]:
    """(number of words in the sample, function-word hits per language)."""
    words = _WORD.findall(text[:SAMPLE_CHARS].lower())
    index = _index()
    hits: Counter[str] = Counter()
    for word, count in Counter(words).items():
        for lang in index.get(word, ()):
            hits[lang] += count
    return len(words), hits


def detect(text: str) -> str | None:
    """The language of ``text`` among those with word lists, or ``None`` when unsure.

    >>> detect("Der Gemeinderat hat am Montag beschlossen, dass die Bibliothek im Sommer nicht schließt.")
    'de'
    >>> detect("Sign up") is None
    True
    """
    total, hits = scores(text)
    ranked = hits.most_common(2)
    if not ranked:
        return None
    best, count = ranked[0]
    runner_up = ranked[1][1] if len(ranked) > 1 else 0
    if count < MIN_HITS or count < MIN_SHARE * total or count < MARGIN * runner_up:
        return None
    return best


def choose(lang: str | None, declared: str | None, text: str) -> str | None:
    """The document's language: the caller's ``lang``, else the text's, else the page's ``declared``."""
    if lang:
        return lang
    return detect(text) or primary(declared)
