"""Promises that hold for every fixture: every line accounted for, order kept, idempotence.

The checks live in tests/helpers/accounting.py, shared with the property tests
(test_properties.py) and the other languages' fixtures (test_languages.py).
"""

from __future__ import annotations

from pathlib import Path

import pytest

import newsclean
from helpers import accounting
from helpers.paths import HTML_FIXTURES, SEEDS, TEXT_FIXTURES

TEXT_INPUTS = SEEDS + TEXT_FIXTURES


def _ids(paths: list[Path]) -> list[str]:
    return [f"{p.parent.name}/{p.name}" for p in paths]


@pytest.mark.parametrize("path", TEXT_INPUTS, ids=_ids(TEXT_INPUTS))
def test_every_line_is_in_body_or_removed(path: Path) -> None:
    accounting.file_every_line_is_in_body_or_removed(path)


@pytest.mark.parametrize("path", TEXT_INPUTS, ids=_ids(TEXT_INPUTS))
def test_body_keeps_input_order(path: Path) -> None:
    accounting.file_body_keeps_input_order(path)


@pytest.mark.parametrize("path", TEXT_INPUTS + HTML_FIXTURES, ids=_ids(TEXT_INPUTS + HTML_FIXTURES))
def test_cleaning_a_clean_body_removes_nothing(path: Path) -> None:
    accounting.file_cleaning_a_clean_body_removes_nothing(path)


@pytest.mark.parametrize("path", TEXT_INPUTS, ids=_ids(TEXT_INPUTS))
def test_same_input_same_output(path: Path) -> None:
    accounting.file_same_input_same_output(path)


def test_text_cleaning_makes_no_reference_cycles() -> None:
    # clean_text() pauses the cyclic garbage collector on large inputs; that is only free of
    # leaks while cleaning text builds no reference cycles.
    import gc

    texts = [p.read_bytes().decode("utf-8-sig") for p in TEXT_INPUTS]
    gc.collect()
    gc.disable()
    try:
        for text in texts:
            newsclean.clean(text, kind="markdown")
        assert gc.collect() == 0
    finally:
        gc.enable()


def test_large_input_leaves_the_collector_as_it_was() -> None:
    import gc

    text = "A line of an article that goes on for a while.\n\n" * 8000  # over the pause threshold
    newsclean.clean(text, kind="markdown")
    assert gc.isenabled()
    gc.disable()
    try:
        newsclean.clean(text, kind="markdown")
        assert not gc.isenabled()
    finally:
        gc.enable()
