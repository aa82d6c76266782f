"""The metadata scan: lines that belong in a field (title, byline, date, tags…) leave the body.

Position decides most of it. The top scan starts at the first line that clutter left and
walks down through headline, standfirst, bylines, datelines and captions, stopping at the
first line of story; the bottom scan walks up the same way through bios, credits, tags,
dates and source lines. Because both scans stop at the story, cleaning a cleaned body finds
nothing more: the top scan also takes each headline-shaped line left right above the story,
which a second cleaning would take for the title; and a scan still finding such lines past its
bound (eight) is walking a list, a blog index's dated teasers, not one story's head or foot,
and gives back what it took. Captions with a credit, hashtag lines and "Original url:" lines
are recognised wherever they stand.

This module is the policy (where to look, in which order, when to stop); what each line is
comes from the per-line classifiers in :mod:`newsclean.detect.line_kinds`.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from newsclean.detect import line_kinds as kinds
from newsclean.detect.registry import DETECTORS, Finding
from newsclean.normalize.byline import Byline
from newsclean.normalize.dates import PublishedDate, parse_date
from newsclean.text.lines import Document

__all__ = ["Metadata", "scan_metadata", "merge_metadata", "meta_fields"]

_MAX_TOP = 8
_MAX_BOTTOM = 8


@dataclass
class Metadata:
    """What the metadata pass found, before it becomes Article fields."""

    findings: list[Finding] = field(default_factory=list)
    title: str | None = None
    subtitle: str | None = None
    bylines: list[tuple[str, Byline]] = field(default_factory=list)
    dates: list[PublishedDate] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)
    source_url: str | None = None
    captions: list[str] = field(default_factory=list)
    bio_authors: list[str] = field(default_factory=list)


class _Scan:
    """Shared state of one metadata pass."""

    def __init__(self, doc: Document, kept: list[int], lang: str, disabled: frozenset[str]) -> None:
        self.doc, self.kept, self.lang, self.disabled = doc, kept, lang, disabled
        self.meta = Metadata()
        self.taken: set[int] = set()
        self._byline: dict[int, Byline | None] = {}
        self._date: dict[int, PublishedDate | None] = {}

    def on(self, detector: str) -> bool:
        return detector not in self.disabled

    def byline(self, i: int) -> Byline | None:
        if i not in self._byline:
            self._byline[i] = kinds.byline_of(self.doc.lines[i], self.lang) if self.on("byline") else None
        return self._byline[i]

    def date(self, i: int) -> PublishedDate | None:
        if i not in self._date:
            self._date[i] = kinds.date_of(self.doc.lines[i], self.lang) if self.on("date") else None
        return self._date[i]

    def take(self, i: int, detector: str, rule: str, reason: str) -> None:
        """Take line ``i`` whole for ``detector``; ``rule`` completes its code."""
        line = self.doc.lines[i]
        self.taken.add(i)
        self.meta.findings.append(Finding(i, 0, len(line.text), DETECTORS[detector].category, detector, reason,
                                          code=f"{detector}.{rule}"))

    # --- line kinds -----------------------------------------------------------------------

    def take_byline(self, i: int) -> bool:
        found = self.byline(i)
        if found is None:
            return False
        self._add_byline(self.doc.lines[i].raw.strip(), found)
        self.take(i, "byline", found.rule, f"byline ({found.rule})")
        return True

    def _add_byline(self, raw: str, found: Byline) -> None:
        """Record a byline, and the date glued to it ("By Jane Doe, 3 March 2024")."""
        self.meta.bylines.append((raw, found))
        if found.date_text:
            glued = parse_date(found.date_text, lang=self.lang)
            if glued.value is not None:
                self.meta.dates.append(glued)

    def take_date(self, i: int) -> bool:
        found = self.date(i)
        if found is None:
            return False
        self.meta.dates.append(found)
        self.take(i, "date", found.rule, f"date line ({found.rule})")
        return True

    def take_split(self, rest: list[int], pos: int) -> bool:
        """A label line and its byline or date on the next line: both go, as one byline or date."""
        if pos + 1 >= len(rest):
            return False
        i, j = rest[pos], rest[pos + 1]
        found = kinds.split_meta(self.doc.lines[i], self.doc.lines[j], self.lang,
                                 bylines=self.on("byline"), dates=self.on("date"))
        if found is None:
            return False
        if isinstance(found, Byline):
            self._add_byline(found.raw, found)  # found.raw: the two lines' text, joined
            detector, why = "byline", "byline on two lines (label, then name)"
        else:
            self.meta.dates.append(found)
            detector, why = "date", "date line on two lines (label, then date)"
        self.take(i, detector, found.rule, why)
        self.take(j, detector, found.rule, why)
        return True

    def take_caption(self, i: int) -> bool:
        if not self.on("caption") or not kinds.is_caption(self.doc.lines[i], self.lang):
            return False
        self.meta.captions.append(self.doc.lines[i].text)
        self.take(i, "caption", "credit", "line ends with a photo credit")
        return True

    def take_tags(self, i: int) -> bool:
        found = kinds.tags_of(self.doc.lines[i], self.lang) if self.on("tags") else None
        if found is None:
            return False
        tags, rule = found
        self.meta.tags.extend(t for t in tags if t not in self.meta.tags)
        self.take(i, "tags", rule, "line of hashtags" if rule == "hashtags" else "tag list label")
        return True

    def take_source(self, i: int) -> bool:
        url = kinds.source_of(self.doc.lines[i]) if self.on("source-url") else None
        if url is None:
            return False
        self.take(i, "source-url", "label", "source URL label")
        if not url:
            at = bisect.bisect_right(self.kept, i)
            nxt = self.kept[at] if at < len(self.kept) else None
            if nxt is not None and nxt not in self.taken and (found := kinds.url_line(self.doc.lines[nxt])):
                url = found
                self.take(nxt, "source-url", "url", "URL after a source URL label")
        if url and self.meta.source_url is None:
            self.meta.source_url = url
        return True

    def take_bio(self, i: int) -> bool:
        name = kinds.bio_of(self.doc.lines[i], self.lang) if self.on("author-bio") else None
        if not name:
            return False
        self.meta.bio_authors.append(name)
        self.take(i, "author-bio", "closing", "closing author biography")
        return True

    # --- scans ----------------------------------------------------------------------------

    def _mark(self) -> tuple[Any, ...]:
        """How much the scan has taken so far (for :meth:`_undo`)."""
        m = self.meta
        return (len(m.findings), len(m.bylines), len(m.dates), len(m.tags), len(m.captions),
                len(m.bio_authors), m.title, m.subtitle, m.source_url)

    def _undo(self, mark: tuple[Any, ...]) -> None:
        """Give back what the scan took since ``mark`` (each line taken has one finding)."""
        m = self.meta
        n_findings, n_bylines, n_dates, n_tags, n_captions, n_bios, m.title, m.subtitle, m.source_url = mark
        self.taken.difference_update(f.index for f in m.findings[n_findings:])
        del m.findings[n_findings:], m.bylines[n_bylines:], m.dates[n_dates:], m.tags[n_tags:]
        del m.captions[n_captions:], m.bio_authors[n_bios:]

    def anywhere(self) -> None:
        lines = self.doc.lines
        for i in self.kept:
            if i in self.taken:
                continue
            # First-character tests keep this loop cheap: it sees every line of the story.
            low = lines[i].low
            first = low[0]
            if first == "#" or (first in "tfkrc" and ":" in low[:20]):
                self.take_tags(i)
            elif (first in "osca" and low.startswith(kinds.SOURCE_WORDS) and self.take_source(i)) \
                    or lines[i].words > kinds.CAPTION_MAX_WORDS:
                continue
            elif low[-1] in ")*" or ":" in low or "/" in low or " by " in low or " via " in low:
                self.take_caption(i)  # only lines with a credit's punctuation or word

    def top(self) -> None:
        rest = [i for i in self.kept if i not in self.taken]
        if not rest:
            return
        pos = 0
        while len(rest) > 2 and self._take_repeat(rest, 0):
            rest = rest[1:]  # the headline twice (or more) in a row: extra copies go
        if self.on("title") and self._is_title(rest):
            line = self.doc.lines[rest[0]]
            self.meta.title = line.text
            if line.heading:
                self.take(rest[0], "title", "heading", "markdown heading")
            else:
                self.take(rest[0], "title", "headline-shaped", "headline-shaped first line")
            pos = 1
            if self.on("subtitle") and len(rest) > 2 and self._is_subtitle(rest[0], rest[1], rest[2]):
                self.meta.subtitle = self.doc.lines[rest[1]].text
                self.take(rest[1], "subtitle", "standfirst", "standfirst under the headline")
                pos = 2
        walk_from, mark = pos, self._mark()
        while pos < len(rest):
            i = rest[pos]
            if self.take_byline(i) or self.take_date(i) or self.take_caption(i) or self._take_repeat(rest, pos):
                pos += 1
            elif self.take_split(rest, pos):
                pos += 2
            elif taken := self._take_kicker(rest[pos:pos + 3]):
                pos += taken
            else:
                break
            if pos > _MAX_TOP:
                # Still finding head lines past the bound: a list (a blog index's dated
                # teasers, a job board's "3 weeks ago" lines), not one story's head. Taking
                # the bound's worth would leave the next ones for a second cleaning: none go.
                self._undo(mark)
                pos = walk_from
                break
        chained = False
        while 0 < pos < min(len(rest), _MAX_TOP) and (self._leads_body(rest[pos:]) if chained
                                                       else self._is_title(rest[pos:])):
            # The scan stopped at a headline-shaped line right above the story. A second
            # cleaning would find it first and take it as the title: take it now; and the
            # next line too when the body, as a second cleaning reads it, would start with a
            # headline over a sentence or a byline there.
            if not self._take_headline(rest[pos], True, "above-story", "headline-shaped line above the story",
                                       "second headline line above the story"):
                break
            pos += 1
            chained = True

    def _take_repeat(self, rest: list[int], pos: int) -> bool:
        """A headline-shaped line repeated on the next line: the first copy goes (anywhere in
        the top scan, so that a second cleaning does not find a copy the first one left)."""
        if not self.on("title") or pos + 1 >= len(rest):
            return False
        line, nxt = self.doc.lines[rest[pos]], self.doc.lines[rest[pos + 1]]
        if line.low != nxt.low or not kinds.title_shaped(line) or self._is_meta(rest[pos]):
            return False  # a date twice ("3 weeks ago" over two teasers) is no headline
        self.take(rest[pos], "title", "repeat", "headline repeated on the next line")
        return True

    def _take_kicker(self, window: list[int]) -> int:
        """Take a headline, or a headline and one standfirst, sitting right above a byline or
        date line; return how many lines were taken.

        Without this, they would stay and begin the body, where a second cleaning would
        read them as a headline over a byline.
        """
        first = self.doc.lines[window[0]]
        if first.list_item or first.words > kinds.SUBTITLE_MAX_WORDS:
            return 0
        if len(window) >= 2 and self._is_meta(window[1]):
            lines = window[:1]
        elif len(window) >= 3 and kinds.title_shaped(first) and not self.doc.lines[window[1]].list_item \
                and self.doc.lines[window[1]].words <= kinds.SUBTITLE_MAX_WORDS and self._is_meta(window[2]):
            lines = window[:2]
        else:
            return 0
        for i in lines:
            if not self._take_headline(i, kinds.title_shaped(self.doc.lines[i]), "above-byline",
                                       "headline-shaped line above a byline or date",
                                       "standfirst above a byline or date"):
                return 0
        return len(lines)

    def _take_headline(self, i: int, shaped: bool, rule: str, why_title: str, why_subtitle: str) -> bool:
        """The title if there is none yet and the line has its shape, else a standfirst."""
        line = self.doc.lines[i]
        if self.meta.title is None and shaped and self.on("title"):
            self.meta.title = line.text
            self.take(i, "title", rule, why_title)
        elif self.on("subtitle"):
            self.meta.subtitle = self.meta.subtitle or line.text
            self.take(i, "subtitle", rule, why_subtitle)
        else:
            return False
        return True

    def bottom(self) -> None:
        rest = [i for i in self.kept if i not in self.taken]
        mark = self._mark()
        walked = 0
        for i in reversed(rest[-_MAX_BOTTOM - 1:]):
            # A bio ("Jane Doe is a reporter…") is never a byline; its test is the cheaper.
            if not (self.take_tags(i) or self.take_date(i) or self.take_source(i)
                    or self.take_bio(i) or self.take_byline(i)):
                break
            walked += 1
        if walked > _MAX_BOTTOM:
            self._undo(mark)  # a list of dates or names, not one story's foot (as at the top)

    def _is_meta(self, i: int) -> bool:
        return self.byline(i) is not None or self.date(i) is not None

    def _is_title(self, rest: list[int]) -> bool:
        first = self.doc.lines[rest[0]]
        if not kinds.title_shaped(first) or self._is_meta(rest[0]):
            return False
        if first.heading and rest[0] == self.kept[0]:
            return True
        if len(rest) < 2:
            return False
        same_block = rest[1] == rest[0] + 1 and not self.doc.lines[rest[1]].list_item
        return same_block or self._over_story(rest)

    def _leads_body(self, rest: list[int]) -> bool:
        """Whether a second cleaning would take the first of these lines for a headline: the
        body it reads has one paragraph a line, so only what :meth:`_over_story` asks makes it
        one (not the next line of the same block)."""
        first = self.doc.lines[rest[0]]
        return (len(rest) >= 2 and kinds.title_shaped(first) and not self._is_meta(rest[0])
                and self._over_story(rest))

    def _over_story(self, rest: list[int]) -> bool:
        """The second line is the story's first real sentence, or a byline or date. A body
        never starts with a headline over such a line after cleaning (its first line was that
        sentence), so a second pass takes nothing."""
        return kinds.sentence_paragraph(self.doc.lines[rest[1]]) or self._is_meta(rest[1])

    def _is_subtitle(self, title: int, sub: int, after: int) -> bool:
        line = self.doc.lines[sub]
        if line.list_item or line.words > kinds.SUBTITLE_MAX_WORDS or self._is_meta(sub):
            return False
        if line.heading and self.doc.lines[title].heading:
            return True  # "# Headline" then "## Standfirst"
        block_ends = sub == title + 1 and (sub + 1 >= len(self.doc.lines) or self.doc.lines[sub + 1].blank)
        return block_ends or self._is_meta(after)


def scan_metadata(doc: Document, kept: list[int], lang: str, disabled: frozenset[str], *,
                  top: bool = True, bottom: bool = True) -> tuple[Metadata, Metadata]:
    """Run the metadata scans over the lines that the clutter pass kept (indexes, in order):
    (what the scan of every line found, what the top and bottom scans found).

    A large text is scanned in pieces: the top scan runs on the first, the bottom scan on the
    last (see :func:`merge_metadata`)."""
    scan = _Scan(doc, kept, lang, disabled)
    scan.anywhere()
    everywhere, scan.meta = scan.meta, Metadata()
    # The top and bottom scans read what the scan of every line took (scan.taken), not its
    # Metadata: nothing they decide depends on the fields it filled.
    if top:
        scan.top()
    if bottom:
        scan.bottom()
    return everywhere, scan.meta


def merge_metadata(parts: Iterable[Metadata]) -> Metadata:
    """One Metadata from the scans' results, in the order they ran: lists concatenated, tags
    without repeats, the first title, standfirst and source URL found."""
    out = Metadata()
    for part in parts:
        out.findings += part.findings
        out.title = out.title if out.title is not None else part.title
        out.subtitle = out.subtitle if out.subtitle is not None else part.subtitle
        out.source_url = out.source_url if out.source_url is not None else part.source_url
        out.bylines += part.bylines
        out.dates += part.dates
        out.tags += [t for t in part.tags if t not in out.tags]
        out.captions += part.captions
        out.bio_authors += part.bio_authors
    return out


def meta_fields(meta: Metadata) -> dict[str, Any]:
    """Article fields from what the scans found: people first, then agencies, then bios."""
    people = [name for _, found in meta.bylines for name in found.authors]
    agencies = list(dict.fromkeys(name for _, found in meta.bylines for name in found.agencies))
    authors = list(dict.fromkeys(people or meta.bio_authors or agencies))
    # Dates keep their roles: "Published …" / a bare dateline is the publication, "Updated …" the
    # update. Only an update on the page: it is the one date there is, so it fills both.
    dated = [d for d in meta.dates if d.value is not None]
    updates = [d.value if d.role == "updated" else d.updated for d in dated if d.role == "updated" or d.updated]
    published = next((d.value for d in dated if d.role != "updated"), None)
    updated = updates[0] if updates else None
    return {
        "title": meta.title,
        "subtitle": meta.subtitle,
        "authors": authors,
        "agencies": agencies,
        "byline": meta.bylines[0][0] if meta.bylines else None,
        "published": published if published is not None else updated,
        "updated": updated,
        "source_url": meta.source_url,
        "tags": list(meta.tags),
        "captions": list(meta.captions),
    }
