"""The line model: markdown unwrapping, space collapsing and the folded text used for matching.

split_lines() finds the lines that need work by searching the whole text, as str when it is
ASCII and as UTF-8 bytes otherwise; each case below runs through both paths.
"""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from newsclean.text.lines import _fold, split_lines

# (raw line, its display text) as documented in newsclean/text.py and docs/json.md
UNWRAPPED = [
    ("\u2022 Endovenous ablation", "- Endovenous ablation"),
    ("* First item", "- First item"),
    ("+ Second item", "- Second item"),
    ("## A subheading", "A subheading"),
    ("> A quoted line", "A quoted line"),
    ("It costs \\$5 a **month**, _billed_ yearly.", "It costs $5 a month, billed yearly."),
    ("Read [the report](https://example.com/r) today.", "Read the report today."),
    ("See <https://example.com/a>", "See https://example.com/a"),
    ("Tabs\tand  double  spaces", "Tabs and double spaces"),
    ("No-break\u00a0space and em\u2003space and ideographic\u3000space", "No-break space and em space and ideographic space"),
    ("Thin\u2009space, narrow\u202fspace", "Thin space, narrow space"),
]

ASCII_LINE = "A plain line of the story."
WIDE_LINE = "A line with \u201ccurly\u201d quotes \u2014 and a dash."


@pytest.mark.parametrize("other", [ASCII_LINE, WIDE_LINE], ids=["ascii-text", "non-ascii-text"])
@pytest.mark.parametrize(("raw", "shown"), UNWRAPPED, ids=[r for r, _ in UNWRAPPED])
def test_markup_and_odd_spaces_are_unwrapped_wherever_the_line_is(raw: str, shown: str, other: str) -> None:
    for text in (f"{other}\n{raw}\n{other}", f"{raw}\n{other}", f"{other}\n\n{raw}"):
        lines = [line.text for line in split_lines(text).lines]
        assert shown in lines, text


def test_a_bullet_line_is_a_list_item() -> None:
    doc = split_lines(f"{WIDE_LINE}\n\u2022 One\n\u2022 Two")
    assert [line.list_item for line in doc.lines] == [False, True, True]


@pytest.mark.parametrize("text", [
    "Caf\u00c9 \u00dcBER Stra\u00dfe",
    "\u201cQuoted\u201d \u2018single\u2019 \u2013 en \u2014 em",
    "\u0130stanbul and \u1e9e and \u01c5",
    "\u039f\u0394\u039f\u03a3 \u03a3\u039f\u03a6\u0399\u0391",
    "\u0130stanbul \u039f\u0394\u039f\u03a3",
    "Mixed ASCII only",
    "Lone \ud800 surrogate",
])
def test_folded_text_is_lowercase_with_plain_quotes_and_same_length(text: str) -> None:
    low = _fold(text)
    assert len(low) == len(text)
    # str.lower(), unless a character lowercases to two ("İ"): then each keeps its place.
    # (The two differ only for "Σ", whose lowercase depends on the next character.)
    expected = text.lower()
    if len(expected) != len(text):
        expected = "".join(c.lower() if len(c.lower()) == 1 else c for c in text)
    for curly, plain in (("\u2019", "'"), ("\u2018", "'"), ("\u201c", '"'), ("\u201d", '"'),
                         ("\u2013", "-"), ("\u2014", "-")):
        expected = expected.replace(curly, plain)
    assert low == expected


_PIECES = st.sampled_from([
    "word", "Word", " ", "  ", "\t", "\n", "\r\n", "#", "*", "_", "[a](b)", "\\$", "<", ">", "\u2022 ",
    "\u00a0", "\u2003", "\u3000", "\u2019", "\u00c9", "\u0130", "\u03a3", "\u2028", "\x85", "\x0c",
])


@given(st.lists(_PIECES, max_size=40).map("".join))
def test_lines_read_the_same_alone_as_in_the_whole_text(text: str) -> None:
    """The whole-text search for lines that need work finds each one that a line-by-line
    reading would: every line's display text is what it is when split on its own."""
    doc = split_lines(text)
    for line in doc.lines:
        if not line.raw:
            continue  # an empty text has no line at all
        alone = split_lines(line.raw).lines
        assert [(a.text, a.heading, a.list_item, list(a.links)) for a in alone] == \
               [(line.text, line.heading, line.list_item, list(line.links))]
    assert doc.low == "\n".join(line.low for line in doc.lines)
