"""The language of a document: the caller's, the page's, or the one its text is written in.

``clean()`` adds a language's word lists to the English ones, so it needs to know the language.
:func:`choose` decides, in this order:

1. ``lang=`` from the caller wins, whatever the text says.
2. Otherwise the text decides when :func:`detect` is sure of it ("mixed signals: the text
   wins"): a page declared ``<html lang="en">`` whose article is in German is German.
3. Otherwise the language the HTML page declares (``<html lang>``), if any.
4. Otherwise none: English word lists only, ``Article.language`` stays ``None``.

:func:`detect` counts function words ("der", "und", "het", "się") of each language that has a
``data/<lang>/stopwords.txt`` in :data:`SAMPLE_CHARS` characters from the middle of the text. It answers only when
the best language covers at least :data:`MIN_SHARE` of the words, has :data:`MIN_HITS` hits and
:data:`MARGIN` times as many as the runner-up; else ``None``. Text in a language without word
lists (Czech, Chinese) therefore gets ``None``, not a near neighbour. It costs a split
and a dictionary look-up per word: about 2% of the time ``clean()`` takes on the same
text (``bench/languages.py``), with no model to load.
"""

from __future__ import annotations

from collections import Counter
from functools import lru_cache

from newsclean.detect.wordlists import languages, read_list

__all__ = ["detect", "choose", "primary", "SAMPLE_CHARS", "MIN_HITS", "MIN_SHARE", "MARGIN"]

SAMPLE_CHARS = 1200  # about 200 words from the middle of the text: enough for news prose
MIN_HITS = 3
MIN_SHARE = 0.06  # a tenth to a quarter of news prose is these words; Czech scores 1%
MARGIN = 2.0


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


def scores(text: str, size: int = SAMPLE_CHARS) -> tuple[int, dict[str, int]]:
    """(number of words in the sample, function-word hits per language)."""
    middle = len(text) // 2  # the story, not the menus and banners at either end
    sample = text[max(0, middle - size // 2):middle + size // 2]
    # Tokens split on spaces; a function word with punctuation glued to it ("said,") is not
    # counted. A filtered comprehension is cheaper than counting every token first (most
    # tokens are not function words).
    tokens = sample.lower().split()
    index = _index()
    # Count the language tuples of the hits (few distinct ones), then spread them out.
    hits: dict[str, int] = {}
    for langs, n in Counter([index[t] for t in tokens if t in index]).items():
        for lang in langs:
            hits[lang] = hits.get(lang, 0) + n
    return len(tokens), hits


def _verdict(total: int, hits: dict[str, int], strictness: float) -> str | None:
    """The best language if it passes the thresholds, each multiplied by ``strictness``."""
    best, count, runner_up = None, 0, 0
    for lang, n in hits.items():
        if n > count:
            best, count, runner_up = lang, n, count
        elif n > runner_up:
            runner_up = n
    if count < MIN_HITS * strictness or count < MIN_SHARE * strictness * total \
            or count < MARGIN * strictness * runner_up:
        return None
    return best


def detect(text: str) -> str | None:
    """The language of ``text`` among those with word lists, or ``None`` when unsure.

    >>> detect("Der Gemeinderat hat am Montag beschlossen, dass die Bibliothek im Sommer nicht schließt.")
    'de'
    >>> detect("Sign up") is None
    True
    """
    # Half the sample first: when it is clear by twice every margin (most news prose), the
    # other half would not change the answer (same on all 454 corpus and fixture texts).
    if len(text) > SAMPLE_CHARS:
        quick = _verdict(*scores(text, SAMPLE_CHARS // 2), strictness=2.0)
        if quick is not None:
            return quick
    return _verdict(*scores(text), strictness=1.0)


def choose(lang: str | None, declared: str | None, text: str) -> str | None:
    """The document's language: the caller's ``lang``, else the text's, else the page's ``declared``."""
    if lang:
        return lang
    return detect(text) or primary(declared)
