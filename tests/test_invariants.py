"""Promises that hold for every fixture: every line accounted for, order kept, idempotence."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

import newsclean
from conftest import HTML_FIXTURES, SEEDS, TEXT_FIXTURES
from newsclean.text import split_lines

TEXT_INPUTS = SEEDS + TEXT_FIXTURES


def _ids(paths: list[Path]) -> list[str]:
    return [f"{p.parent.name}/{p.name}" for p in paths]


def _squash(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


@pytest.mark.parametrize("path", TEXT_INPUTS, ids=_ids(TEXT_INPUTS))
def test_every_line_is_in_body_or_removed(path: Path) -> None:
    article = newsclean.clean_file(path)
    doc = split_lines(path.read_bytes().decode("utf-8-sig"))
    body_lines = {_squash(part) for part in article.body.split("\n")}
    by_line: dict[int, list[newsclean.Removal]] = {}
    for removal in article.removed:
        by_line.setdefault(removal.line, []).append(removal)
    for line in doc.lines:
        if not line.raw.strip():
            continue
        removals = by_line.get(line.number, [])
        if any(r.start is None for r in removals):
            assert len(removals) == 1, f"line {line.number} removed twice"
            continue
        rest = line.text
        for r in sorted(removals, key=lambda r: r.start, reverse=True):
            assert line.text[r.start:r.end].strip() == r.text
            rest = rest[: r.start] + rest[r.end:]
        if _squash(rest):
            assert _squash(rest) in body_lines, f"line {line.number} lost: {line.text[:80]!r}"


@pytest.mark.parametrize("path", TEXT_INPUTS, ids=_ids(TEXT_INPUTS))
def test_body_keeps_input_order(path: Path) -> None:
    article = newsclean.clean_file(path)
    source = _squash(split_lines(path.read_bytes().decode("utf-8-sig")).low)
    pos = 0
    for paragraph in article.body.split("\n"):
        found = source.find(_squash(split_lines(paragraph).low), pos)
        assert found >= pos, f"paragraph out of order or invented: {paragraph[:80]!r}"
        pos = found


@pytest.mark.parametrize("path", TEXT_INPUTS + HTML_FIXTURES, ids=_ids(TEXT_INPUTS + HTML_FIXTURES))
def test_cleaning_a_clean_body_removes_nothing(path: Path) -> None:
    article = newsclean.clean_file(path)
    again = newsclean.clean(article.body, kind="text")
    assert again.removed == [], [f"{r.category}: {r.text[:60]}" for r in again.removed]
    assert again.body == article.body


@pytest.mark.parametrize("path", TEXT_INPUTS, ids=_ids(TEXT_INPUTS))
def test_same_input_same_output(path: Path) -> None:
    assert newsclean.clean_file(path).to_dict() == newsclean.clean_file(path).to_dict()
