"""Readability's opinion, recorded from trafilatura's own call: present on a page, absent
outside the recording block and on other threads, and without effect on trafilatura."""

from __future__ import annotations

import threading

import numpy as np
from lxml import html as lxml_html

from newsclean.html.blockfeatures import feature_names
from newsclean.html.blockscore import BlockScorer
from newsclean.html.extract import extract_structured
from newsclean.html.parse import parse_html
from newsclean.html.second_opinion import readability_seen

from helpers.blockscore_pages import STORY

_SENTENCE = "About forty passengers waited on the quay in a light drizzle."


def _tree():
    tree = parse_html(STORY).tree
    assert tree is not None
    return tree


def test_trafilatura_s_readability_call_is_recorded() -> None:
    with readability_seen() as seen:
        text, _markup, _warnings = extract_structured(_tree())
    assert text, "trafilatura found no text on the story page"
    assert len(seen) == 1, "trafilatura's readability comparison was not recorded (has trafilatura changed?)"
    # readability's text, one line per text node: the story's sentences are in it
    assert _SENTENCE in " ".join(seen[0].split())


def test_nothing_is_recorded_outside_the_block_or_on_another_thread() -> None:
    with readability_seen() as seen:
        pass
    extract_structured(_tree())
    assert seen == []
    other: list[str] = []

    def run() -> None:
        extract_structured(_tree())

    with readability_seen() as mine:
        worker = threading.Thread(target=run)
        worker.start()
        worker.join()
        other.extend(mine)
    assert other == [], "another thread's extraction was recorded here"


def test_the_wrapper_changes_nothing_for_trafilatura() -> None:
    from trafilatura import external

    with readability_seen():
        pass  # installs the wrapper
    wrapped = external.try_readability
    original = wrapped.__wrapped__
    a = lxml_html.tostring(wrapped(lxml_html.fromstring(STORY)))
    b = lxml_html.tostring(original(lxml_html.fromstring(STORY)))
    assert a == b


def test_block_features_say_whether_readability_was_seen() -> None:
    scorer = BlockScorer.load()
    tree = _tree()
    segments = scorer.segments(tree.find("body"), None)
    with readability_seen() as seen:
        text, _markup, _warnings = extract_structured(tree)
    names = feature_names(scorer.vocabulary)
    col = names.index("rd_kept")
    _, with_it = scorer.features(segments, text, seen[0])
    _, without = scorer.features(segments, text, None)
    assert (without[:, col] == -1).all()
    assert ((with_it[:, col] >= 0) & (with_it[:, col] <= 1)).all()
    sentence = next(i for i, t in enumerate(segments.texts) if t.startswith("About forty passengers"))
    assert with_it[sentence, col] == 1.0  # readability kept the story's paragraph
    assert np.array_equal(np.delete(with_it, range(col, col + 6), axis=1), np.delete(without, range(col, col + 6), axis=1))
