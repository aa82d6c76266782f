"""The block scorer's inputs: the page's text segments and their feature rows. A segment's
own columns depend on its text alone, whatever the page around it; the walk makes the same
segments whatever the white space between elements."""

from __future__ import annotations

import re

import numpy as np
from lxml import html as lxml_html

from newsclean.html.blockfeatures import Alignment, _bits, feature_names, matrix, stopwords
from newsclean.html.blocks_walk import FLAGS, Segments, class_tokens, walk

# The text columns, as one reads them off a single segment (the definitions the model was
# trained on, written plainly).
_DIGIT = re.compile(r"\d")
_SEPARATORS = re.compile(r"[|•»·›/]")
_URLISH = re.compile(r"https?://|www\.|@\w|\.com\b")


def _one_segment(text: str) -> dict[str, float]:
    words = text.split()
    last = text[-1]
    end = 1.0 if last in ".!?…" else 2.0 if last in '.!?…"”’\')»:;' else 3.0 if last.isdigit() else 0.0
    return {
        "chars": len(text), "words": len(words), "word_len": len(text) / len(words), "end": end,
        "caps": sum(w[0].isupper() for w in words) / len(words),
        "digits": len(_DIGIT.findall(text)) / len(text),
        "stops": sum(w in stopwords() for w in text.lower().split()) / len(words),
        "seps": len(_SEPARATORS.findall(text)), "urlish": float(bool(_URLISH.search(text))),
        "first_upper": float(text[0].isupper()),
    }


TEXTS = [
    "The council voted on Tuesday to close the bridge.",
    "Read more »",
    "Home | News | Sport",
    "Écrit par Zoë à Paris, le 3 mars",
    "ΟΔΥΣΣΕΥΣ ΚΑΙ ΣΙΣΥΦΟΣ",
    "٣ أيام في القاهرة",  # Arabic-Indic digit: a decimal digit
    "x² + y² = r²",  # superscripts: digits to str.isdigit, not to \d
    "東京で地震 震度5弱",
    "Follow us 👍 @newsroom",
    "mail me at",  # ends where the next segment begins: no e-mail across segments
    "@example",
    "visit www.example.com/page today",
    "Ends with a quote.”",
    "2024",
    "A",
]


def _segments(texts: list[str]) -> Segments:
    n = len(texts)
    return Segments(texts=list(texts), lines=[1] * n, tags=[1] * n, depth=[1] * n, flags=[0] * n,
                    own=[0] * n, above=[0] * n, link_chars=[0] * n, parts=[0] * n, breaks=[0] * n)


def test_a_segment_s_text_columns_depend_on_its_text_alone() -> None:
    segments = _segments(TEXTS)
    X = matrix(segments, Alignment(np.zeros(len(TEXTS)), []), 0)
    names = feature_names(())
    for i, text in enumerate(TEXTS):
        alone = matrix(_segments([text]), Alignment(np.zeros(1), []), 0)
        for name, value in _one_segment(text).items():
            assert X[i, names.index(name)] == value, (text, name)
            assert alone[0, names.index(name)] == value, (text, name)


def test_text_columns_read_scripts_and_symbols_as_words_digits_and_links() -> None:
    X = matrix(_segments(TEXTS), Alignment(np.zeros(len(TEXTS)), []), 0)
    names = feature_names(())

    def col(name: str, text: str) -> float:
        return float(X[TEXTS.index(text), names.index(name)])

    assert col("seps", "Home | News | Sport") == 2
    assert col("digits", "٣ أيام في القاهرة") > 0
    assert col("digits", "x² + y² = r²") == 0
    assert col("caps", "ΟΔΥΣΣΕΥΣ ΚΑΙ ΣΙΣΥΦΟΣ") == 1.0
    assert col("first_upper", "Écrit par Zoë à Paris, le 3 mars") == 1.0
    assert col("urlish", "mail me at") == 0 and col("urlish", "@example") == 1
    assert col("urlish", "visit www.example.com/page today") == 1
    assert col("end", "Ends with a quote.”") == 2.0 and col("end", "2024") == 3.0
    assert col("words", "東京で地震 震度5弱") == 2


def test_class_bits_past_64_tokens_are_read() -> None:
    values = [0, 1 << 70 | 1, (1 << 96) - 1]
    bits = _bits(values, 96)
    assert bits.shape == (3, 96)
    assert bits[0].sum() == 0
    assert list(np.flatnonzero(bits[1])) == [0, 70]
    assert bits[2].all()
    assert _bits([], 96).shape == (0, 96)


def _walk(html: str, vocabulary: dict[str, int] | None = None) -> Segments:
    body = lxml_html.document_fromstring(html).find("body")
    return walk(body, vocabulary or {})


def test_white_space_between_elements_makes_no_segment_and_joins_no_words() -> None:
    tight = _walk("<body><div><p>One <a href='/x'>link</a> two</p><div></div>tail<br>after"
                  "<p><b>Bold</b> <i>words</i></p></div></body>")
    loose = _walk("<body>\n <div>\n  <p>One <a href='/x'>link</a> two</p>\n  <div> </div>\n  tail<br>after\n"
                  "  <p> <b>Bold</b> <i>words</i></p>\n </div>\n</body>")
    for segments in (tight, loose):
        assert segments.texts == ["One link two", "tail after", "Bold words"]
        assert segments.link_chars == [4, 0, 0]
        assert segments.breaks == [0, 1, 0]
        assert segments.parts == [0, 0, 0]


def test_class_and_id_tokens_and_hiding_attributes_are_read() -> None:
    vocabulary = {"related": 0, "posts": 1, "menu": 2}
    segments = _walk("<body><div class='relatedPosts' id='main-menu'><p>Teaser</p></div>"
                     "<nav role='navigation'><p style='display: none'>Hidden</p></nav>"
                     "<section aria-hidden='true'>Gone</section></body>", vocabulary)
    assert class_tokens("relatedPosts__list c-4") == ("related", "posts", "list")
    assert segments.texts == ["Teaser", "Hidden", "Gone"]
    assert segments.above[0] == 0b111  # the <div>'s class and id, above the <p>
    hidden, nav = 1 << FLAGS.index("hidden"), 1 << FLAGS.index("nav")
    assert segments.flags[1] & hidden and segments.flags[1] & nav
    assert segments.flags[2] & hidden
    assert not segments.flags[0] & hidden


def test_the_walk_reads_class_values_as_class_tokens_does() -> None:
    vocabulary = {"related": 0, "posts": 1, "menu": 2, "nav": 3, "bar": 4, "news": 5}
    values = ["relatedPosts__list c-4", "NavBar MAIN-menu", "x", "ÉtéNews", "menu menu", "relatedrelated"]
    html = "<body>" + "".join(f'<p class="{v}">Text {i}</p>' for i, v in enumerate(values)) + "</body>"
    segments = _walk(html, vocabulary)
    expected = [sum(1 << vocabulary[t] for t in class_tokens(v) if t in vocabulary) for v in values]
    assert segments.own == expected
    assert expected[:2] == [0b11, 0b11100]
