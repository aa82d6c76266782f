"""Large texts are cleaned in pieces (newsclean/pieces.py): the result must be the one a
single pass gives, line numbers included, and every promise must still hold."""

from __future__ import annotations

import pytest

import newsclean
from helpers.accounting import check_accounting, check_idempotent, check_order
from helpers.paths import SEEDS, TEXT_FIXTURES
from newsclean.text import pieces as pieces_module
from newsclean.text.pieces import PIECE_CHARS, pieces


def _seeds_repeated(size: int) -> str:
    joined = "\n\n".join(p.read_bytes().decode("utf-8-sig") for p in SEEDS + TEXT_FIXTURES)
    return (joined + "\n\n") * (size // len(joined) + 1)


def _one_pass(text: str, monkeypatch: pytest.MonkeyPatch) -> dict:
    with monkeypatch.context() as patch:
        patch.setattr(pieces_module, "PIECE_CHARS", len(text) + 1)  # one piece
        return newsclean.clean(text, kind="markdown").to_dict()


def _long_runs(size: int) -> str:
    """Lines with no blank line between them: cuts must fall inside runs of lines."""
    lines = [f"Line {n} of a long listing without paragraphs." for n in range(size // 40)]
    lines[5:7] = ["Sign up for our newsletter.", "Subscribe now"]
    lines[-3:] = ["- a list item", "- another item", "Follow us on Twitter"]
    return "\n".join(lines)


@pytest.mark.parametrize("make", [_seeds_repeated, _long_runs], ids=["paragraphs", "long-runs"])
def test_pieces_give_the_single_pass_result(make, monkeypatch: pytest.MonkeyPatch) -> None:
    text = make(6 * PIECE_CHARS)
    assert len(list(pieces(text))) > 3
    assert newsclean.clean(text, kind="markdown").to_dict() == _one_pass(text, monkeypatch)


def test_pieces_cover_the_text_once_in_order() -> None:
    text = _seeds_repeated(5 * PIECE_CHARS).replace("\r\n", "\n").replace("\n", "\r\n")
    parts = list(pieces(text))
    assert "".join(p.text for p in parts) == text.replace("\r\n", "\n")
    assert [p.first_line for p in parts] == [
        1 + sum(q.text.count("\n") for q in parts[:k]) for k in range(len(parts))]
    assert parts[0].first and parts[-1].last and not any(p.first or p.last for p in parts[1:-1])
    assert len(parts[-1].text) >= PIECE_CHARS // 2  # the bottom scan has lines to read


def test_unusual_line_breaks_stay_in_one_piece() -> None:
    text = "A line.\u2028" * (3 * PIECE_CHARS // 8)
    assert len(list(pieces(text))) == 1


def test_large_text_keeps_every_promise() -> None:
    text = _seeds_repeated(3 * PIECE_CHARS)
    article = newsclean.clean(text, kind="markdown")
    check_accounting(text, article)
    check_order(text, article)
    check_idempotent(article)
