"""The promises every cleaning keeps, as checks shared by the fixture and property tests.

- accounting: every non-blank input line is in the body, in ``removed`` whole, or split into
  removed parts and a rest that is in the body (docs/json.md, "removed");
- order: the body's paragraphs appear in the input, in the same order;
- idempotence: cleaning the body again removes nothing.

Each check takes the text given to clean() (for a file: its decoded text) and the Article,
and raises AssertionError naming the line or paragraph that breaks the promise. It reads the
text as the text stage does: control characters replaced by spaces, which the Article's
warnings report (newsclean.text.encoding.plain_text). The ``file_*``
checks clean a fixture file and apply them (tests/test_invariants.py, tests/test_languages.py).
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import newsclean
from newsclean.text.encoding import plain_text
from newsclean.text.lines import _fold, split_lines

__all__ = ["squash", "body_lines", "check_accounting", "check_order", "check_idempotent", "check_all",
           "file_every_line_is_in_body_or_removed", "file_body_keeps_input_order",
           "file_cleaning_a_clean_body_removes_nothing", "file_same_input_same_output"]

_SPACE = re.compile(r"\s+")


def squash(text: str) -> str:
    """Runs of whitespace as one space, stripped: the whitespace normalisation allowed."""
    return _SPACE.sub(" ", text).strip()


def body_lines(article: newsclean.Article) -> set[str]:
    """The body's lines (paragraphs, and list items inside a paragraph), squashed."""
    return {squash(part) for part in article.body.split("\n")}


def _reported(text: str, article: newsclean.Article) -> str:
    """The text as the text stage saw it; a character replaced must be in a warning."""
    seen, fixed = plain_text(text)
    for warning in fixed:
        assert warning in article.warnings, f"{warning!r} not reported"
    return seen


def check_accounting(text: str, article: newsclean.Article) -> None:
    """Every non-blank line of ``text`` is in the body, in ``removed`` whole, or made up of
    its removed parts and a rest that is a line of the body."""
    text = _reported(text, article)
    doc = split_lines(text)
    kept = body_lines(article)
    by_line: dict[int, list[newsclean.Removal]] = {}
    for removal in article.removed:
        by_line.setdefault(removal.line, []).append(removal)
    for line in doc.lines:
        if not line.raw.strip():
            continue
        removals = by_line.get(line.number, [])
        if any(r.start is None for r in removals):
            assert len(removals) == 1, f"line {line.number} removed twice: {removals}"
            continue
        rest = line.text
        for r in sorted(removals, key=lambda r: r.start, reverse=True):
            assert line.text[r.start:r.end].strip() == r.text, (
                f"line {line.number}: removal text {r.text!r} is not line[{r.start}:{r.end}]")
            rest = rest[: r.start] + rest[r.end:]
        if squash(rest):
            assert squash(rest) in kept, f"line {line.number} lost: {line.text[:80]!r}"


def check_order(text: str, article: newsclean.Article) -> None:
    """Each body line is in the input's unwrapped text, after the one before it."""
    source = squash(split_lines(_reported(text, article)).low)
    pos = 0
    for paragraph in article.body.split("\n"):
        # The body is unwrapped text already: fold it for matching, do not unwrap it again.
        found = source.find(squash(_fold(paragraph)), pos)
        assert found >= pos, f"paragraph out of order or invented: {paragraph[:80]!r}"
        pos = found


def check_idempotent(article: newsclean.Article, **options: Any) -> None:
    """Cleaning the body as text (with these ``clean()`` options) removes nothing and keeps
    every paragraph."""
    again = newsclean.clean(article.body, kind="markdown", **options)
    assert again.removed == [], [f"{r.category}: {r.text[:60]}" for r in again.removed]
    # Markdown that survived unwrapping once ("[[a](b)](c)" → "[a](c)") may unwrap again;
    # anything else must come back as it was.
    expected = [line.text for line in split_lines(article.body).lines if line.text]
    assert [p for p in again.body.split("\n") if p] == expected


def check_all(text: str, article: newsclean.Article) -> None:
    """All three promises for a text-stage input."""
    check_accounting(text, article)
    check_order(text, article)
    check_idempotent(article)


# --- the same promises for a fixture file, as clean_file() reads it ---------------------------

def _decoded(path: Path) -> str:
    return path.read_bytes().decode("utf-8-sig")


def file_every_line_is_in_body_or_removed(path: Path) -> None:
    check_accounting(_decoded(path), newsclean.clean_file(path))


def file_body_keeps_input_order(path: Path) -> None:
    check_order(_decoded(path), newsclean.clean_file(path))


def file_cleaning_a_clean_body_removes_nothing(path: Path) -> None:
    article = newsclean.clean_file(path)
    check_idempotent(article)
    assert newsclean.clean(article.body, kind="markdown").body == article.body


def file_same_input_same_output(path: Path) -> None:
    assert newsclean.clean_file(path).to_dict() == newsclean.clean_file(path).to_dict()
