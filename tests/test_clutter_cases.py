"""Independent, data-driven checks of the text clutter detectors.

Every case in ``tests/cases/clutter_en.json`` is one clutter line (or a short multi-line
snippet) or a near-miss sentence of real article prose. Each case is inserted into the same
small, clutter-free news article -- at the top (after the title line), in the middle (between
paragraphs 2 and 3) or at the bottom -- and the cleaned result is checked:

* ``"expect": "drop"``: every non-blank line of the case is covered by a removal of the case's
  category and is no longer in the body;
* ``"expect": "keep"``: the case text is in the body verbatim and no removal touches its lines;
* always: the four story paragraphs are still in the body.

The cases were written without looking at the detectors or their word lists.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

import newsclean

CASES_PATH = Path(__file__).parent / "cases" / "clutter_en.json"
CASES: list[dict] = json.loads(CASES_PATH.read_text(encoding="utf-8"))

# The registry is the one list of clutter detectors (each is its own category).
CLUTTER_CATEGORIES = tuple(d.category for d in newsclean.DETECTORS.values() if d.stage == "clutter")

TITLE = "Coastal rail line reopens eight months after landslide"

# A neutral, clutter-free story. Paragraph 1 is long on purpose so that it does not look like a
# standfirst, and no paragraph uses the vocabulary of any clutter category.
PARAGRAPHS = (
    "Passenger trains returned to the coastal line between Port Elwin and Marrow Bay on "
    "Monday, eight months after a landslide buried a section of track under thousands of "
    "tonnes of clay and rock. The first train left Port Elwin shortly after six in the morning "
    "with about 140 passengers on board, many of them commuters who had spent the winter on "
    "replacement buses.",
    "Engineers spent most of the closure stabilising the cliff above the line. Crews drilled "
    "more than 300 steel anchors into the slope, laid drains to carry rainwater away from the "
    "clay, and built a concrete catch wall along a 400-metre stretch where the ground is most "
    "likely to move again.",
    "The repairs cost about £38 million, roughly twice the figure the rail operator gave when "
    "the work began. Officials blamed the increase on the wet spring, which twice forced crews "
    "off the site, and on the discovery of an old mine shaft beneath the damaged section.",
    "Not everyone is convinced the problem has been solved. Geologists at the regional "
    "university have warned that the cliffs along this part of the coast are retreating faster "
    "than they were two decades ago, and people in Marrow Bay say they will believe the line is "
    "safe when it has survived another winter. \"We are glad to have the trains back,\" said "
    "Hannah Reyes, who runs a cafe near the station. \"But we have heard promises before.\"",
)


def build_article(case: dict) -> tuple[str, int, int]:
    """The test article with the case inserted; returns (text, first case line, last case line).

    Line numbers are 1-based, like ``Removal.line``.
    """
    snippet = case["text"].split("\n")
    lines: list[str] = [TITLE, ""]
    first = last = 0

    def put_snippet() -> None:
        nonlocal first, last
        first = len(lines) + 1
        lines.extend(snippet)
        last = len(lines)
        lines.append("")

    where = case["where"]
    if where == "top":
        put_snippet()
    for i, para in enumerate(PARAGRAPHS):
        if i == 2 and where == "middle":
            put_snippet()
        lines.append(para)
        if i < len(PARAGRAPHS) - 1:
            lines.append("")
    if where == "bottom":
        lines.append("")
        put_snippet()
    return "\n".join(lines).rstrip("\n") + "\n", first, last


def _norm(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def _variants(line: str) -> list[str]:
    """The line as written, and without a leading list bullet (a removal may drop the '- ')."""
    out = [_norm(line)]
    unbulleted = re.sub(r"^\s*[-*•]\s+", "", line)
    if unbulleted != line:
        out.append(_norm(unbulleted))
    return out


def _covered(line: str, removal_text: str) -> bool:
    text = _norm(removal_text)
    return any(v and v in text for v in _variants(line))


def _describe(removed) -> str:
    if not removed:
        return "  (no removals)"
    return "\n".join(f"  line {r.line} [{r.category}] {r.detector}: {r.text!r}" for r in removed)


@pytest.mark.parametrize("case", CASES, ids=[c["id"] for c in CASES])
def test_clutter_case(case: dict) -> None:
    text, first, last = build_article(case)
    article = newsclean.clean(text)
    body = article.body
    report = f"\ninput:\n{text}\nbody:\n{body}\nremoved:\n{_describe(article.removed)}"

    for para in PARAGRAPHS:
        assert para in body, f"story paragraph lost: {para[:60]!r}...{report}"

    if case["expect"] == "drop":
        # A line may go as one removal or as several (one per clutter sentence, each with
        # its offsets in the line): together they must cover it.
        input_lines = text.split("\n")
        for number in range(first, last + 1):
            line = input_lines[number - 1]
            if not line.strip():
                continue
            on_line = sorted((r for r in article.removed if r.line == number), key=lambda r: r.start or 0)
            joined = " ".join(r.text for r in on_line)
            assert on_line and _covered(line, joined), f"clutter line not removed: {line!r}{report}"
            assert any(r.category == case["category"] for r in on_line), (
                f"line {line!r} removed as {sorted({r.category for r in on_line})}, "
                f"expected {case['category']!r}{report}"
            )
            assert not any(v in _norm(body) for v in _variants(line)), (
                f"clutter line still in body: {line!r}{report}"
            )
    else:
        assert case["text"] in body, f"prose lost from body: {case['text']!r}{report}"
        touching = [r for r in article.removed if first <= r.line <= last]
        touching += [
            r for r in article.removed if r not in touching and _norm(r.text) in _norm(case["text"])
            and len(_norm(r.text)) >= 12
        ]
        assert not touching, f"removal touches prose: {case['text']!r}{report}"


# --- checks of the case file itself (these do not depend on the library) -------------------


def test_case_file_shape() -> None:
    ids = [c["id"] for c in CASES]
    assert len(ids) == len(set(ids)), "duplicate case ids"
    for case in CASES:
        assert set(case) == {"id", "category", "text", "where", "expect", "comment"}, case["id"]
        assert case["category"] in CLUTTER_CATEGORIES, case["id"]
        assert case["where"] in ("top", "middle", "bottom"), case["id"]
        assert case["expect"] in ("drop", "keep"), case["id"]
        assert case["text"].strip() == case["text"] and case["text"], case["id"]
        assert "\n\n" not in case["text"], case["id"]
        if case["expect"] == "keep":
            assert "\n" not in case["text"], f"{case['id']}: keep cases are single lines"


@pytest.mark.parametrize("category", CLUTTER_CATEGORIES)
def test_case_file_coverage(category: str) -> None:
    pos = [c for c in CASES if c["category"] == category and c["expect"] == "drop"]
    neg = [c for c in CASES if c["category"] == category and c["expect"] == "keep"]
    assert len(pos) >= 8, f"{category}: only {len(pos)} positives"
    assert len(neg) >= 5, f"{category}: only {len(neg)} negatives"


def test_story_does_not_contain_case_lines() -> None:
    """The 'not in body' check of drop cases is only meaningful if the story lacks the line."""
    story = _norm(" ".join(PARAGRAPHS + (TITLE,)))
    for case in CASES:
        for line in case["text"].split("\n"):
            for v in _variants(line):
                assert v not in story, f"{case['id']}: {v!r} occurs in the story itself"
