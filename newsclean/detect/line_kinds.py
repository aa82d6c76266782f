"""Per-line classifiers of the metadata scan: is this line a byline, a date, a caption, tags,
a source URL, an author's bio, a headline's or a standfirst's shape?

Each takes one :class:`~newsclean.text.lines.Line` (and the document's language) and looks at
that line alone; :mod:`newsclean.detect.scan` decides where in the document to ask. They are the
``run`` of the metadata detectors in :mod:`newsclean.detect.registry`.
"""

from __future__ import annotations

import re
from functools import lru_cache

from newsclean.detect.wordlists import read_list
from newsclean.normalize.byline import Byline, find_author_bio, find_byline
from newsclean.normalize.dates import PublishedDate, find_date
from newsclean.text.lines import Line

__all__ = ["byline_of", "date_of", "split_meta", "is_caption", "tags_of", "source_of", "url_line", "bio_of", "bare_image",
           "title_shaped", "subtitle_shaped", "sentence_paragraph", "SOURCE_WORDS", "CAPTION_MAX_WORDS",
           "SUBTITLE_MAX_WORDS"]

_TITLE_MAX_WORDS = 20
SUBTITLE_MAX_WORDS = 60
CAPTION_MAX_WORDS = 70
_STORY_MIN_WORDS = 12
_BYLINE_MAX_WORDS = 20  # "By Jane Doe, Senior Correspondent, and John Roe, Staff Writer" is 11
_CREDITS_MAX_WORDS = 40  # "(Reporting by …; Additional reporting by …; Editing by …)"
_DATE_MAX_WORDS = 16
_LABEL_MAX_WORDS = 4  # "Last updated on:", "Written by"
_DIGIT = re.compile(r"\d")
_HASHTAGS = re.compile(r"^(?:#[^\W\d_][\w-]*[\s,;]*)+$")
_TAG = re.compile(r"#([^\W\d_][\w-]*)")
_URL = re.compile(r"^<?((?:https?://|www\.)[^\s<>]{1,2000})>?$")
SOURCE_WORDS = ("original", "source", "canonical", "article")  # the first words _SOURCE_LABEL allows
_SOURCE_LABEL = re.compile(
    r"^(?:original|source|canonical|article)\s+(?:url|link)\s*:?\s*(?:<?((?:https?://|www\.)\S{1,2000}?)>?)?$"
    r"|^source\s*:\s*<?((?:https?://|www\.)\S{1,2000}?)>?$", re.I)


@lru_cache(maxsize=8)
def _caption_vocab(lang: str) -> tuple[frozenset[str], tuple[str, ...]]:
    """Words that introduce a credit (single words) and names that end one."""
    # English credit words too: "Photo:" and "Image:" stand on pages in every language.
    entries = read_list(f"{lang}/captions.txt") + read_list("en/captions.txt")
    words = frozenset(w.lower().split()[-1] for w in entries) | {"photo", "credit"}
    credits = tuple(sorted({c.lower() for c in read_list("common/photo-credits.txt")}, key=len, reverse=True))
    return words, credits


@lru_cache(maxsize=8)
def _caption_regexes(lang: str) -> tuple[re.Pattern[str], ...]:
    words = sorted({w.lower() for w in read_list(f"{lang}/captions.txt") + read_list("en/captions.txt")}
                   | {"photo", "credit"}, key=len, reverse=True)
    w = "|".join(re.escape(x) for x in words)
    c = "|".join(re.escape(x) for x in _caption_vocab(lang)[1])
    return (
        # "(Photo: Jane Roe/Reuters)", "(AP Photo/Evan Vucci)" at the end of the line
        re.compile(rf"\((?:[A-Z][\w.]{{0,20}}\s)?(?:{w})\b[^()]{{0,120}}\)\s*$", re.I),
        # "… Photograph: Jane Roe/Guardian" after a sentence end, a bar or a dash, or alone
        re.compile(rf"(?:^|[.!?]\s+|\s[|–—-]\s*)(?:{w})(?:\s+by)?\s*:\s*[^.:]{{2,120}}$", re.I),
        # "… Jane Roe / Reuters", "… via Getty Images", "… Jane Roe/AFP"
        re.compile(rf"(?:\s/\s?|/|\svia\s)(?:{c})\.?\s*$", re.I),
        # "Photo by Jane Roe on Unsplash"
        re.compile(rf"(?:^|[.!?]\s+)(?:{w})\s+by\s+[^.]{{2,80}}$", re.I),
    )


def _word_before(low: str, at: int) -> str:
    head = low[max(0, at - 24):at].split()
    return head[-1] if head else ""


@lru_cache(maxsize=8)
def _tag_label(lang: str) -> re.Pattern[str]:
    labels = sorted({w.lower() for w in read_list(f"{lang}/tags.txt") + read_list("en/tags.txt")},
                    key=len, reverse=True)
    return re.compile(r"^(?:%s)\s*:\s*(.{1,500})$" % "|".join(re.escape(x) for x in labels), re.I)


_BOLD_CREDIT = re.compile(r"\*\*[^*]{2,80}\s?/\s?[^*]{2,60}\*\*\s*$")


def is_caption(line: Line, lang: str) -> bool:
    """A photo caption that ends in a credit ("(Photo: Jane Roe/Reuters)", "**Name / Agency**")."""
    # Not a test of line.heading: the body loses "#" markers, and a second cleaning must
    # reach the same verdict on the same words.
    if line.list_item or line.words > CAPTION_MAX_WORDS:
        return False
    if "**" in line.raw and _BOLD_CREDIT.search(line.raw):
        return True
    # A credit ends the line: only the tail is searched, so a long paragraph costs no more.
    text = line.text if len(line.text) < 200 else line.text[-200:]
    low = line.low if len(line.low) < 200 else line.low[-200:]
    words, credits = _caption_vocab(lang)
    paren, labelled, slashed, by = _caption_regexes(lang)
    # Cheap tests first: the word before a colon or "by" must be a credit word ("Photo:"),
    # the line must end in a credit name ("/ Reuters"), before any regex runs.
    colon = low.rfind(":")
    by_at = low.rfind(" by ")
    return bool(
        (text.endswith(")") and paren.search(text))
        or (colon > 0 and _word_before(low, colon).removesuffix(" by") in words and labelled.search(text))
        or (("/" in low or " via " in low) and low.rstrip(" .*").endswith(credits) and slashed.search(text))
        or (by_at >= 0 and _word_before(low, by_at) in words and by.search(text))
    )


def sentence_paragraph(line: Line) -> bool:
    """A line of running story text: a dozen words or more, ending like a sentence."""
    return not line.list_item and line.words >= _STORY_MIN_WORDS and \
        line.text[-1] in ".!?\"'”’)"


def title_shaped(line: Line, lang: str = "en") -> bool:
    """A headline's shape: a few words, no closing full stop, a capital or digit first."""
    text = line.text
    if line.list_item or not 1 <= line.words <= _TITLE_MAX_WORDS or len(text) > 250:
        return False
    end = text.rstrip("\"'”’)]")
    if not end or (end[-1] in ".,;:—–-" and not end.endswith("...")) or (end != text and end[-1] in "!?"):
        return False  # a sentence, maybe quoted
    if not (text[0].isupper() or text[0].isdigit() or text[0] in "\"'“‘"):
        return False
    return line.heading or line.words >= 2


def subtitle_shaped(line: Line, lang: str = "en") -> bool:
    """A standfirst's shape: a paragraph of at most a few dozen words, not a list item."""
    return bool(line.text) and not line.list_item and line.words <= SUBTITLE_MAX_WORDS


def byline_of(line: Line, lang: str) -> Byline | None:
    """The byline or credit line this line is, if it is one."""
    # A byline or credit line is short; a story paragraph is not worth parsing.
    text, words = line.text, line.words
    short = words <= _BYLINE_MAX_WORDS or words <= _CREDITS_MAX_WORDS and (
        ";" in text or "|" in text or "•" in text)  # credits: "Reporting by …; Editing by …"
    return find_byline(text, lang=lang) if short else None


def date_of(line: Line, lang: str) -> PublishedDate | None:
    """The date or timestamp this line is, if it is one."""
    # A dateline of more than a few words has a digit; "Yesterday", "An hour ago" do not.
    if line.words <= _DATE_MAX_WORDS and (line.words <= 4 or _DIGIT.search(line.text)):
        return find_date(line.text, lang=lang)
    return None


def split_meta(label: Line, value: Line, lang: str, *, bylines: bool = True,
               dates: bool = True) -> Byline | PublishedDate | None:
    """The byline or date that a label line and the next line make together ("Written by" /
    "Jane Doe", "Last updated on:" / "1 October 2025"): extracted text often breaks them there.
    Only a short label that ends like one (":", "by") and has no digit is read so."""
    low = label.low.rstrip()
    if label.words > _LABEL_MAX_WORDS or not (low.endswith((":", " by")) or low == "by") or _DIGIT.search(low):
        return None
    joined = f"{label.text} {value.text}"
    if bylines and value.words <= _BYLINE_MAX_WORDS and (found := find_byline(joined, lang=lang)) is not None:
        return found
    if dates and value.words <= _DATE_MAX_WORDS and (when := find_date(joined, lang=lang)) is not None \
            and when.value is not None:
        return when
    return None


def tags_of(line: Line, lang: str) -> tuple[list[str], str] | None:
    """The tags of a line of #hashtags or of a "Tags: a, b" label, and which of the two it is."""
    text = line.text
    if _HASHTAGS.match(text):
        return _TAG.findall(text), "hashtags"
    m = _tag_label(lang).match(text)
    if not m:
        return None
    found = [t.strip() for t in re.split(r"[,;|•]", m.group(1)) if t.strip()]
    if not found or any(len(t.split()) > 5 for t in found):
        return None  # a sentence after "Tags:", not a list of tags
    return found, "label"


def source_of(line: Line, lang: str = "en") -> str | None:
    """For an "Original url:" / "Source:" line, its URL, or "" when the URL is on the next line;
    None for any other line."""
    m = _SOURCE_LABEL.match(line.text)
    if not m:
        return None
    return m.group(1) or m.group(2) or ""


def url_line(line: Line) -> str | None:
    """The URL a line is made of, if it is only a URL."""
    m = _URL.match(line.text)
    return m.group(1) if m else None


def bio_of(line: Line, lang: str) -> str | None:
    """The author's name of a closing "Jane Doe is a reporter…" line, if it is one."""
    return find_author_bio(line.text, lang=lang) or None


def bare_image(line: Line, lang: str = "en") -> bool:
    """A markdown image with no alt text: nothing left of the line after unwrapping."""
    return not line.text and "![" in line.raw
