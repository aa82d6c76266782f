"""The detector registry: one entry per detector, wired to the code that runs it.

A detector's ``name`` is the option that disables it (``disable=[name]``, ``--disable name``),
the key in :data:`DETECTORS` and the ``detector`` of every removal it makes; its ``category``
is what those removals are filed under (one category may have a text detector and a DOM one:
``newsletter-plug`` and ``dom-newsletter``). ``run`` is what runs it, by stage:

* ``clutter``: ``run(lang)`` gives the detector's word-list rules in that language; the clutter
  pass (:mod:`newsclean.detect.clutter`) puts the enabled ones into one automaton.
* ``metadata``: ``run(line, lang)`` classifies one line (:mod:`newsclean.detect.line_kinds`);
  the metadata scan (:mod:`newsclean.detect.scan`) decides where to look.
* ``html``: ``run(...)`` is the DOM pass's token table or the step on the extracted text.
* ``model``: ``run(...)`` scores lines (the learned line scorer).
* ``user``: ``run(path)`` loads a user rules file (``--rules``): its phrases join the clutter
  pass and its selectors the DOM pass (:mod:`newsclean.detect.user_rules`).

``newsclean --list-detectors``, docs/detectors.md and the tests read this registry.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Callable, Iterable, NamedTuple

from newsclean.errors import OptionError

__all__ = ["Detector", "DetectorInfo", "DETECTORS", "STAGES", "Finding", "check_names", "by_stage",
           "CLUTTER_DETECTORS", "METADATA_DETECTORS", "HTML_DETECTORS", "MODEL_DETECTORS", "categories",
           "markdown"]

STAGES = ("clutter", "metadata", "html", "model", "user")


class Finding(NamedTuple):
    """A detector's verdict on (part of) one line: ``start``/``end`` index the line's text.

    A named tuple, not a frozen dataclass: a document makes dozens, and a frozen
    dataclass's constructor costs several times more."""

    index: int  # type: ignore[assignment]  # the line's index, shadowing tuple.index on purpose
    start: int
    end: int
    category: str
    detector: str
    reason: str
    kind: str = ""  # the word-list section that fired ("line", "label", "sentence"), if any
    code: str = ""  # the stable rule code (see Detector and docs/json.md)
    score: float | None = None  # the line model's probability, when it decided


class _Lazy:
    """A function named by module and attribute, imported on first call: the registry must not
    load the HTML stack (or the model) for a text-only run."""

    def __init__(self, module: str, name: str, *args: Any) -> None:
        self.module, self.name, self.args = module, name, args
        self._func: Callable[..., Any] | None = None

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        if self._func is None:
            self._func = getattr(importlib.import_module(self.module), self.name)
        return self._func(*self.args, *args, **kwargs)

    def __repr__(self) -> str:
        bound = f"({', '.join(map(repr, self.args))}, ...)" if self.args else ""
        return f"{self.module}.{self.name}{bound}"


@dataclass(frozen=True)
class Detector:
    """One detector: its name, category, stage, what it catches and leaves, and what runs it.

    ``codes`` are the stable rule codes its removals may carry (``<name>.<rule>``), for
    counting and for tests; ``aliases`` are former names still accepted by ``disable``.
    """

    name: str
    category: str
    stage: str
    catches: str
    leaves: str
    run: Callable[..., Any]
    codes: tuple[str, ...]
    aliases: tuple[str, ...] = ()

    @property
    def languages(self) -> tuple[str, ...]:
        """Languages with their own vocabulary for this detector (``("*",)``: any language)."""
        return _languages(self.name, self.stage)


# Former name of the public DetectorInfo type: a Detector is what it described, and more.
DetectorInfo = Detector


def _codes(name: str, *rules: str) -> tuple[str, ...]:
    return tuple(f"{name}.{rule}" for rule in rules)


# Clutter whose appeals run over several paragraphs: the paragraphs between two of its lines go
# too (``block``; see newsclean.detect.clutter).
BLOCK_CATEGORIES = frozenset({"donation-appeal", "paywall-notice", "newsletter-plug", "cookie-notice"})


def _clutter(name: str, catches: str, leaves: str) -> Detector:
    rules = ("line", "label", "sentence") + (("block",) if name in BLOCK_CATEGORIES else ()) + ("box",) \
        + (("list",) if name == "related-link" else ())
    return Detector(name, name, "clutter", catches, leaves,
                    _Lazy("newsclean.detect.wordlists", "rules_of", name), _codes(name, *rules))


def _meta(name: str, category: str, catches: str, leaves: str, run: str, rules: Iterable[str],
          aliases: tuple[str, ...] = ()) -> Detector:
    return Detector(name, category, "metadata", catches, leaves,
                    _Lazy("newsclean.detect.line_kinds", run), _codes(name, *rules), aliases)


def _dom(name: str, category: str, catches: str, leaves: str) -> Detector:
    return Detector(name, category, "html", catches, leaves, _Lazy("newsclean.html.dom", "phrases_of", name),
                    _codes(name, "class", "id", "role", "aria-label", "data"))


_BYLINE_RULES = ("by-prefix", "reporting", "editing", "reporting-editing", "role", "contributed", "contact",
                 "name-credit", "agency-only")
_DATE_RULES = ("iso-8601", "rfc-2822", "month-name", "numeric-dmy", "numeric-mdy", "numeric-ymd",
               "numeric", "relative", "time-only", "dateparser")

_ALL: tuple[Detector, ...] = (
    _clutter("donation-appeal", "requests for donations or membership, and the appeal paragraphs "
             "between two of its lines", "Donations to the flood fund topped $2 million, the charity said."),
    _clutter("newsletter-plug", "invitations to sign up for a newsletter",
             "The newsletter, which had 40,000 subscribers, closed in May."),
    _clutter("notification-prompt", "requests to turn on browser push notifications",
             "Residents got emergency notifications on their phones."),
    _clutter("login-notice", "registration and log-in messages",
             "Customers could not log in to the bank's app on Tuesday."),
    _clutter("related-link", '"See also", "Related article:", "Read more:", "You may also like", '
             '"Most read", "DON\'T MISS" lines, and the headlines listed under them',
             "See also the report by the commission, which found…"),
    _clutter("comment-form", "the comment box, its labels and comment threads",
             "Comments from the minister drew criticism."),
    _clutter("share-prompt", "share and follow buttons and requests to share",
             "Shares of the company fell 4%."),
    _clutter("advertisement", "ad slots and their labels",
             "The advertisement ran during the Super Bowl."),
    _clutter("paywall-notice", "subscription walls and metered-access messages",
             "Subscribers to the service will pay more from May."),
    _clutter("cookie-notice", "cookie and consent banners",
             "The bakery sells 2,000 cookies a day."),
    _clutter("app-promo", "invitations to install the publisher's app",
             "The app was downloaded a million times."),
    _clutter("affiliate-disclosure", "statements that links earn a commission",
             "The agents earn a commission on each sale."),
    _clutter("copyright-footer", "copyright, licence and reprint lines",
             "The band sued over copyright in 2019."),
    _clutter("reporter-contact", '"Email X at …", "Write to X at …" with an address',
             "Email traffic at the bank fell 20%."),
    _meta("title", "title", "the headline repeated as the first line",
          "a first line that is a sentence (ends with a full stop)", "title_shaped",
          ("heading", "headline-shaped", "repeat", "above-byline", "above-story")),
    _meta("subtitle", "subtitle", "the standfirst that follows the headline",
          "the first paragraph of the story when nothing marks it as a standfirst", "subtitle_shaped",
          ("standfirst", "above-byline", "above-story")),
    _meta("byline", "byline", "byline and credit lines at the top or bottom "
          '("By Jane Doe", "The Associated Press", "(Reporting by …; Editing by …)"; '
          '"Written by" and the name on the next line at the top)',
          '"By Thursday evening, 78,300 people had left."', "byline_of", _BYLINE_RULES),
    _meta("date", "date", 'a date or timestamp line at the top or bottom ("Updated:" and the date on the '
          'next line at the top)',
          "a date inside a sentence; a list of dated teasers (more than eight head lines in a row)",
          "date_of", _DATE_RULES, aliases=("dateline",)),
    _meta("tags", "tags", 'a line made only of #hashtags, or a "Tags:" list',
          "a sentence with a #hashtag", "tags_of", ("hashtags", "label"), aliases=("hashtags",)),
    _meta("source-url", "source-url", '"Original url:" / "Source:" lines with the URL',
          "a URL inside a sentence", "source_of", ("label", "url")),
    _meta("caption", "caption", "photo captions that end in a credit "
          '("(Photo: Jane Roe/Reuters)", "**Name / Agency**")',
          "a sentence that mentions a photograph", "is_caption", ("credit",)),
    _meta("author-bio", "author-bio", 'the closing "Jane Doe is a reporter based in …" line',
          "a sentence about a journalist inside the story", "bio_of", ("closing",)),
    _meta("image", "image", "markdown image lines with no alt text", "an image with alt text (kept as its text)",
          "bare_image", ("no-alt",), aliases=("markdown-image",)),
    _dom("dom-newsletter", "newsletter-plug", "sign-up boxes (class/id/aria tokens such as newsletter, signup)",
         "an element whose class only contains the word, e.g. newsletters-archive-link"),
    _dom("dom-donation", "donation-appeal", "donation and membership boxes", "the article body"),
    _dom("dom-related", "related-link", "related-stories boxes", "links inside the article text"),
    _dom("dom-recirculation", "related-link", "most-read, trending and recommendation rails", "the article body"),
    _dom("dom-share", "share-prompt", "share and follow bars", 'class="shared-content"'),
    _dom("dom-comments", "comment-form", "comment threads and forms", "the article body"),
    _dom("dom-ad", "advertisement", "ad slots", 'id="header", class="load"'),
    _dom("dom-paywall", "paywall-notice", "paywall and subscription prompts", "the article body"),
    _dom("dom-cookie", "cookie-notice", "cookie and consent banners", "the article body"),
    _dom("dom-author-card", "author-bio", "author cards and bio boxes", "the byline"),
    Detector("html-title-repeat", "title", "html",
             "the page headline repeated as the first line of the extracted text",
             "a first paragraph that differs from the headline",
             _Lazy("newsclean.html.merge", "drop_title_line"), _codes("html-title-repeat", "title")),
    Detector("html-figcaption", "caption", "html", "figure captions that the extractor left in the text",
             "paragraphs that are not a figure's caption",
             _Lazy("newsclean.html.merge", "drop_captions"), _codes("html-figcaption", "figcaption")),
    Detector("line-model", "boilerplate", "model",
             "lines the word lists left that look like clutter from their words and their neighbours "
             "(teasers of other stories, menu and widget labels, credits, comment threads); on HTML pages "
             "also blocks of trafilatura's text scored from their DOM features (`block`), and article "
             "blocks trafilatura left out are put back; see docs/model.md",
             "short lines of the story: dialogue, list items, Q&A, results, one-line quotes",
             _Lazy("newsclean.model", "line_model_findings"), _codes("line-model", "line", "block")),
    # One entry for every rules file: each rule files its removals under its own category and
    # code (``user-rules.<n>`` or ``user-rules.<name>``); ``disable=["user-rules"]`` turns them off.
    Detector("user-rules", "(the rule's own)", "user",
             "what a --rules file names: phrases (word-list patterns) and CSS selectors, everywhere or per site",
             "anything the file does not name", _Lazy("newsclean.detect.user_rules", "load_rules"),
             _codes("user-rules", "<n>", "<name>")),
)

DETECTORS: dict[str, Detector] = {d.name: d for d in _ALL}
_ALIASES: dict[str, str] = {alias: d.name for d in _ALL for alias in d.aliases}


def by_stage(stage: str) -> tuple[Detector, ...]:
    """The detectors of one stage, in registry order."""
    return tuple(d for d in DETECTORS.values() if d.stage == stage)


def register(detector: Detector) -> None:
    """Add a detector (the learned line scorer registers itself this way)."""
    if detector.stage not in STAGES:
        raise ValueError(f"unknown stage {detector.stage!r}")
    DETECTORS[detector.name] = detector


CLUTTER_DETECTORS = by_stage("clutter")
METADATA_DETECTORS = by_stage("metadata")
HTML_DETECTORS = by_stage("html")
MODEL_DETECTORS = by_stage("model")


def categories() -> tuple[str, ...]:
    """Every category a removal may be filed under, in registry order (user rules add their own)."""
    return tuple(dict.fromkeys(d.category for d in DETECTORS.values() if d.stage != "user"))


@lru_cache(maxsize=None)
def _languages(name: str, stage: str) -> tuple[str, ...]:
    if stage == "clutter":
        from newsclean.detect.wordlists import languages, read_sections

        return tuple(lang for lang in languages() if read_sections(f"{lang}/clutter/{name}.txt"))
    if name in ("byline", "date", "caption", "tags", "author-bio"):
        from newsclean.normalize.vocab import LANGS

        return LANGS
    return ("*",)


_NONE: frozenset[str] = frozenset()


def check_names(names: Iterable[str]) -> frozenset[str]:
    """Validate detector names given to ``disable`` (former names are accepted); return them
    as a set of current names. Raise :class:`~newsclean.errors.OptionError` naming the unknown ones."""
    if not names:
        return _NONE  # the usual case, once per document
    names = tuple(names)
    unknown = sorted(n for n in set(names) if n not in DETECTORS and n not in _ALIASES)
    if unknown:
        raise OptionError(f"unknown detector(s): {', '.join(unknown)} "
                          f"(known: {', '.join(sorted(DETECTORS))})")
    return frozenset(_ALIASES.get(n, n) for n in names)


def markdown() -> str:
    """The registry as the markdown tables of docs/detectors.md (``newsclean --list-detectors -f markdown``)."""
    out: list[str] = []
    titles = {"clutter": "Clutter detectors", "metadata": "Metadata detectors", "html": "HTML detectors",
              "model": "Learned detectors", "user": "User rules"}
    for stage in STAGES:
        group = by_stage(stage)
        if not group:
            continue
        out += [f"### {titles[stage]}", "", "| detector | category | languages | catches | leaves alone | rule codes |",
                "|---|---|---|---|---|---|"]
        for d in group:
            name = f"`{d.name}`" + (f" (was {', '.join(f'`{a}`' for a in d.aliases)})" if d.aliases else "")
            langs = "any" if d.languages == ("*",) else ", ".join(d.languages)
            codes = ", ".join(f"`{c.split('.', 1)[1]}`" for c in d.codes)
            out.append(f"| {name} | `{d.category}` | {langs} | {d.catches} | {d.leaves} | {codes} |")
        out.append("")
    return "\n".join(out)
