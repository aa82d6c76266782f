"""The catalogue of detectors: one name per detector, used as the option that disables it,
the key in this registry and the ``detector`` of every removal it makes.

The same catalogue is printed by ``newsclean --list-detectors`` and documented in
docs/detectors.md.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import NamedTuple

__all__ = ["DetectorInfo", "DETECTORS", "CLUTTER_DETECTORS", "METADATA_DETECTORS", "HTML_DETECTORS",
           "MODEL_DETECTORS", "FAVOR", "Finding", "check_names", "check_favor"]


@dataclass(frozen=True)
class DetectorInfo:
    """What a detector is: its name, the category it records, what it catches and leaves."""

    name: str
    category: str
    catches: str
    leaves: str


class Finding(NamedTuple):
    """A detector's verdict on (part of) one line: ``start``/``end`` index the line's text.

    A named tuple, not a frozen dataclass: a document makes dozens, and a frozen
    dataclass's constructor costs several times more."""

    index: int
    start: int
    end: int
    category: str
    detector: str
    reason: str
    kind: str = ""  # the word-list section that fired ("line", "label", "sentence"), if any


def _c(name: str, catches: str, leaves: str) -> DetectorInfo:
    return DetectorInfo(name, name, catches, leaves)


CLUTTER_DETECTORS: tuple[DetectorInfo, ...] = (
    _c("donation-appeal", "requests for donations or membership, and the appeal paragraphs "
       "between two of its lines", "Donations to the flood fund topped $2 million, the charity said."),
    _c("newsletter-plug", "invitations to sign up for a newsletter",
       "The newsletter, which had 40,000 subscribers, closed in May."),
    _c("notification-prompt", "requests to turn on browser push notifications",
       "Residents got emergency notifications on their phones."),
    _c("login-notice", "registration and log-in messages",
       "Customers could not log in to the bank's app on Tuesday."),
    _c("related-link", '"See also", "Related article:", "Read more:", "You may also like", '
       '"Most read", "DON\'T MISS" lines', "See also the report by the commission, which found…"),
    _c("comment-form", "the comment box and its labels",
       "Comments from the minister drew criticism."),
    _c("share-prompt", "share and follow buttons and requests to share",
       "Shares of the company fell 4%."),
    _c("advertisement", "ad slots and their labels",
       "The advertisement ran during the Super Bowl."),
    _c("paywall-notice", "subscription walls and metered-access messages",
       "Subscribers to the service will pay more from May."),
    _c("cookie-notice", "cookie and consent banners",
       "The bakery sells 2,000 cookies a day."),
    _c("app-promo", "invitations to install the publisher's app",
       "The app was downloaded a million times."),
    _c("affiliate-disclosure", "statements that links earn a commission",
       "The agents earn a commission on each sale."),
    _c("copyright-footer", "copyright, licence and reprint lines",
       "The band sued over copyright in 2019."),
    _c("reporter-contact", '"Email X at …", "Write to X at …" with an address',
       "Email traffic at the bank fell 20%."),
)

METADATA_DETECTORS: tuple[DetectorInfo, ...] = (
    DetectorInfo("title", "title", "the headline repeated as the first line",
                 "a first line that is a sentence (ends with a full stop)"),
    DetectorInfo("subtitle", "subtitle", "the standfirst that follows the headline",
                 "the first paragraph of the story when nothing marks it as a standfirst"),
    DetectorInfo("byline", "byline", "byline and credit lines at the top or bottom "
                 '("By Jane Doe", "The Associated Press", "(Reporting by …; Editing by …)")',
                 '"By Thursday evening, 78,300 people had left."'),
    DetectorInfo("dateline", "date", "a date or timestamp line at the top or bottom",
                 "a date inside a sentence"),
    DetectorInfo("hashtags", "tags", "a line made only of #hashtags", "a sentence with a #hashtag"),
    DetectorInfo("source-url", "source-url", '"Original url:" / "Source:" lines with the URL',
                 "a URL inside a sentence"),
    DetectorInfo("caption", "caption", "photo captions that end in a credit "
                 '("(Photo: Jane Roe/Reuters)", "**Name / Agency**")',
                 "a sentence that mentions a photograph"),
    DetectorInfo("author-bio", "author-bio", 'the closing "Jane Doe is a reporter based in …" line',
                 "a sentence about a journalist inside the story"),
    DetectorInfo("markdown-image", "image", "markdown image lines with no alt text",
                 "an image with alt text (kept as its text)"),
)

# The HTML path's own detectors: containers dropped before extraction, named by the token
# lists in data/common/dom-clutter.txt, and two that act on the extracted text.
HTML_DETECTORS: tuple[DetectorInfo, ...] = (
    DetectorInfo("dom-newsletter", "newsletter-plug", "sign-up boxes (class/id/aria tokens such as newsletter, signup)",
       "an element whose class only contains the word, e.g. newsletters-archive-link"),
    DetectorInfo("dom-donation", "donation-appeal", "donation and membership boxes", "the article body"),
    DetectorInfo("dom-related", "related-link", "related-stories boxes", "links inside the article text"),
    DetectorInfo("dom-recirculation", "related-link", "most-read, trending and recommendation rails", "the article body"),
    DetectorInfo("dom-share", "share-prompt", "share and follow bars", 'class="shared-content"'),
    DetectorInfo("dom-comments", "comments", "comment threads and forms", "the article body"),
    DetectorInfo("dom-ad", "advertisement", "ad slots", 'id="header", class="load"'),
    DetectorInfo("dom-paywall", "paywall-notice", "paywall and subscription prompts", "the article body"),
    DetectorInfo("dom-cookie", "cookie-notice", "cookie and consent banners", "the article body"),
    DetectorInfo("dom-author-card", "author-bio", "author cards and bio boxes", "the byline"),
    DetectorInfo("html-title-repeat", "title", "the page headline repeated as the first line of the extracted text",
       "a first paragraph that differs from the headline"),
    DetectorInfo("html-figcaption", "caption", "figure captions that the extractor left in the text",
       "paragraphs that are not a figure's caption"),
)

# The learned line scorer (newsclean.model): clutter that no word list names.
MODEL_DETECTORS: tuple[DetectorInfo, ...] = (
    DetectorInfo("line-model", "boilerplate", "lines the word lists left that look like clutter from "
                 "their words and their neighbours (teasers of other stories, menu and widget labels, "
                 "credits, comment threads); see docs/model.md",
                 "short lines of the story: dialogue, list items, Q&A, results, one-line quotes"),
)

DETECTORS: dict[str, DetectorInfo] = {
    d.name: d for d in CLUTTER_DETECTORS + METADATA_DETECTORS + HTML_DETECTORS + MODEL_DETECTORS}

FAVOR = ("precision", "recall")


def check_favor(favor: str | None) -> None:
    """Validate ``favor``: None (the default threshold), "precision" or "recall"."""
    if favor is not None and favor not in FAVOR:
        raise ValueError(f"favor must be one of {', '.join(FAVOR)} or None, not {favor!r}")


_NONE: frozenset[str] = frozenset()


def check_names(names: "frozenset[str] | set[str] | tuple[str, ...] | list[str]") -> frozenset[str]:
    """Validate detector names given to ``disable``; raise ValueError naming the unknown ones."""
    if not names:
        return _NONE  # the usual case, once per document
    unknown = sorted(set(names) - DETECTORS.keys())
    if unknown:
        raise ValueError(f"unknown detector(s): {', '.join(unknown)} "
                         f"(known: {', '.join(sorted(DETECTORS))})")
    return frozenset(names)
