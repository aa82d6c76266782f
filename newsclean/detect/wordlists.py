"""Loading the word-list data files shipped in ``newsclean/data/``.

Layout: ``data/<lang>/clutter/<category>.txt`` holds one detector's patterns for one language,
in sections ``[line]``, ``[label]``, ``[sentence]`` (see :mod:`newsclean.detect.patterns`) and ``[cue]``
(single words that mark the category's vocabulary, used to confirm multi-paragraph blocks).
Other files are plain word lists: one entry a line, ``#`` starts a comment.
Adding a language is adding a folder.
"""

from __future__ import annotations

from functools import lru_cache
from importlib import resources

from newsclean.detect.patterns import KINDS, PatternError, Rule, translate_pattern

__all__ = ["languages", "read_list", "read_sections", "load_rules", "rules_of", "cues"]


def _data():
    return resources.files("newsclean") / "data"


@lru_cache(maxsize=None)
def languages() -> tuple[str, ...]:
    """Languages that have a data folder."""
    return tuple(sorted(p.name for p in _data().iterdir() if p.is_dir() and p.name != "common"))


@lru_cache(maxsize=None)
def read_sections(relpath: str) -> dict[str, tuple[tuple[int, str], ...]]:
    """Entries of a data file by section, each with its line number; missing file: empty."""
    path = _data()
    for part in relpath.split("/"):
        path = path / part
    if not path.is_file():
        return {}
    sections: dict[str, list[tuple[int, str]]] = {}
    current = ""
    for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        entry = raw.split(" #", 1)[0].strip() if not raw.lstrip().startswith("#") else ""
        if not entry:
            continue
        if entry.startswith("[") and entry.endswith("]"):
            current = entry[1:-1].strip()
            continue
        sections.setdefault(current, []).append((number, entry))
    return {name: tuple(items) for name, items in sections.items()}


def read_list(relpath: str) -> tuple[str, ...]:
    """All entries of a plain word-list file, in order."""
    return tuple(entry for items in read_sections(relpath).values() for _, entry in items)


@lru_cache(maxsize=None)
def load_rules(lang: str, category: str) -> tuple[Rule, ...]:
    """The rules of one clutter detector for one language (none if no file); each regex is
    compiled on first use."""
    relpath = f"{lang}/clutter/{category}.txt"
    rules: list[Rule] = []
    for section, items in read_sections(relpath).items():
        if section == "cue":
            continue
        if section not in KINDS:
            raise PatternError(f"{relpath}: unknown section [{section}]")
        for number, pattern in items:
            where = f"{relpath}:{number}"
            expression, anchors = translate_pattern(pattern, section, where)
            rules.append(Rule(category, category, section, pattern, where, expression, anchors))
    return tuple(rules)


def rules_of(category: str, lang: str) -> tuple[Rule, ...]:
    """:func:`load_rules` with the category first: the ``run`` of a clutter detector."""
    return load_rules(lang, category)


@lru_cache(maxsize=None)
def cues(lang: str, category: str) -> frozenset[str]:
    """Cue words of a clutter category in one language."""
    items = read_sections(f"{lang}/clutter/{category}.txt").get("cue", ())
    return frozenset(word.lower() for _, word in items)
