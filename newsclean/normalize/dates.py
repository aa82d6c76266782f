"""Date and timestamp normalizer: ``parse_date`` (lenient) and ``find_date`` (strict).

Cheap rules first: an ISO 8601 and an RFC 2822 pattern, then a small scanner that reads a line
token by token (weekday, month name, day, year, numeric date, time, zone, labels such as
"Updated") and fails at the first word it does not know. Only the lenient ``parse_date`` falls back
to dateparser, and only when it is installed. Nothing here invents a time or a zone: a date
without a time is a ``datetime.date``, a time without a zone stays naive unless the caller passes
``default_tz``, and a time without a date has no value unless a ``reference`` is given.

Vocabulary (month and weekday names, labels, relative-date words, day/month order) lives in
``data/<lang>/dates.txt``; zone abbreviations in ``data/common/timezones.tsv``.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, replace
from functools import lru_cache
from typing import Iterable

from newsclean.normalize import timezones
from newsclean.normalize.vocab import LANGS, read_sections

__all__ = ["PublishedDate", "parse_date", "find_date", "parse_date_rules"]


@dataclass(frozen=True)
class PublishedDate:
    """A parsed date string: the value, how precise it is, the zone as written and the rule used."""

    raw: str
    value: dt.date | dt.datetime | None
    precision: str | None  # "day" | "minute" | "second"; None when there is no value
    tz: str | None  # as found: "EDT", "+02:00", "Z", "UTC+2"
    rule: str  # "iso-8601", "rfc-2822", "month-name", "numeric-dmy", "numeric-mdy", ...
    ambiguous: bool = False  # day/month order could not be decided
    # What the label before the date says it is: "published" ("Published", "Posted", "Veröffentlicht"),
    # "updated" ("Updated", "Last modified", "Mis à jour"); None when the date has no label.
    role: str | None = None
    # The update in the same string besides the publication ("Published May 1 | Updated May 2").
    updated: dt.date | dt.datetime | None = None


# ---------------------------------------------------------------------------------------------
# Vocabulary


@dataclass(frozen=True)
class _Vocab:
    words: dict[str, dict[str, tuple[str, int]]]  # word -> {lang: (kind, value)}
    relative: re.Pattern[str]
    numbers: dict[str, int]
    units: dict[str, str]
    rel_before: frozenset[str]
    orders: dict[str, tuple[str, bool]]  # "en" / "en-gb" -> (order, ambiguous)


def _words(line: str) -> tuple[str, list[str]]:
    key, _, rest = line.partition(":")
    return key.strip(), rest.split()


@lru_cache(maxsize=1)
def _vocab() -> _Vocab:
    words: dict[str, dict[str, tuple[str, int]]] = {}
    numbers: dict[str, int] = {}
    units: dict[str, str] = {}
    before: set[str] = set()
    after: set[str] = set()
    orders: dict[str, tuple[str, bool]] = {}

    def add(word: str, lang: str, kind: str, value: int) -> None:
        words.setdefault(word.lower(), {}).setdefault(lang, (kind, value))

    for lang in LANGS:
        sec = read_sections(f"{lang}/dates.txt")
        for kind in ("months", "weekdays", "days"):
            for line in sec.get(kind, []):
                key, names = _words(line)
                for name in names:
                    add(name, lang, kind, int(key))
        for line in sec.get("update-labels", []):  # first: an update label is a label of value 1
            for name in line.split():
                add(name, lang, "labels", 1)
        for line in sec.get("labels", []):
            for name in line.split():
                add(name, lang, "labels", 0)
        for line in sec.get("fillers", []):
            for name in line.split():
                add(name, lang, "fillers", 0)
        for line in sec.get("numbers", []):
            key, names = _words(line)
            numbers.update({n.lower(): int(key) for n in names})
        for line in sec.get("units", []):
            key, names = _words(line)
            units.update({n.lower(): key for n in names})
        for line in sec.get("relative", []):
            key, phrase = line.split(":", 1)
            (before if key.strip() == "before" else after).add(phrase.strip().lower())
        for line in sec.get("order", []):
            key, value = _words(line)
            order = (value[0], "ambiguous" in value)
            for region in key.split():
                orders[lang if region == "default" else f"{lang}-{region}"] = order

    def alt(items: Iterable[str]) -> str:
        return "|".join(re.escape(w) for w in sorted(items, key=len, reverse=True))

    # "3 hours ago", "vor 3 Stunden", "il y a 3 heures", "hace una hora": literal alternations only.
    relative = re.compile(
        rf"(?:({alt(before)})\s+)?(?:(\d{{1,3}})|({alt(numbers)}))\s?({alt(units)})\.?(?:\s+({alt(after)}))?",
        re.I,
    )
    return _Vocab(words, relative, numbers, units, frozenset(before), orders)


# ---------------------------------------------------------------------------------------------
# Text clean-up shared with byline.py

_MD_LINK = re.compile(r"!?\[([^\]\n]{0,300})\]\([^()\s]{0,2000}\)")
_TRANSLATE = str.maketrans(
    {"\u2019": "'", "\u2018": "'", "\u02bc": "'", "\u201c": '"', "\u201d": '"', "*": None,
     "\u2212": "-", "\u2010": "-", "\u2011": "-"}
)


def normalize(text: str) -> str:
    """Markdown links to their text, no ``**``, straight quotes, single spaces, stripped."""
    if "](" in text:
        text = _MD_LINK.sub(r"\1", text)
    if not text.isascii() or "*" in text:
        text = text.translate(_TRANSLATE)
    if "__" in text:
        text = text.replace("__", "")
    if "\u200b" in text:
        text = text.replace("\u200b", " ")  # the one space below that str.split() does not know
    # str.split() splits on all other white space, \u00a0 and \u2000-\u200a included; a split
    # and join is several times faster than a regex on these short strings.
    return " ".join(text.split())


# ---------------------------------------------------------------------------------------------
# Patterns. Every quantifier is bounded or over a single character class, and no group repeats,
# so a match attempt is linear in the input however long the line is.

_ISO_FULL = re.compile(
    r"(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?"
    r" ?(Z|[+-]\d{2}(?::?\d{2})?)?)?"
)
_RFC_MONTHS = "jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec"
_RFC_2822 = re.compile(
    rf"(?:(?:mon|tue|wed|thu|fri|sat|sun), ?)?(\d{{1,2}}) ({_RFC_MONTHS}) (\d{{4}}) "
    r"(\d{2}):(\d{2})(?::(\d{2}))? ?([+-]\d{4}|UT|GMT|Z|[ECMP][SD]T)",
    re.I,
)
_ISO = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ](\d{1,2}):(\d{2})(?::(\d{2})(?:[.,]\d{1,9})?)?)?(?!\d)")
_NUMDATE = re.compile(r"(\d{1,4})([./-])(\d{1,2})\2(\d{4}|\d{2})(?!\d)")
_TIME = re.compile(
    r"(\d{1,2})(?::|h|\.(?=\d{2} ?(?:uhr|h)\b))(\d{2})(?::(\d{2})(?:[.,]\d{1,6})?)?"
    r"(?: ?([ap])\.? ?m\b\.?)?(?: ?(?:uhr|h)\b)?",
    re.I,
)
_HOUR = re.compile(r"(\d{1,2}) ?(?:([ap])\.? ?m\b\.?|(?:uhr|h)\b)", re.I)
_OFFSET = re.compile(r"([+-])(\d{2}):?(\d{2})(?!\d)|([+-])(\d{1,2})(?![\d:])")
_ZULU = re.compile(r"Z\b")
_NUM = re.compile(r"(\d{1,4})(st|nd|rd|th|er|re|º|°)?(\.)?(?![^\W_])", re.I)
_WORD = re.compile(r"[^\W\d_]+(?:'[^\W\d_]+)?\.?")
_SEP = re.compile(r"[ ,|•·;:()\[\]/\-–—@.]+")


# ---------------------------------------------------------------------------------------------
# The scanner


class _Seg:
    """What one labelled stretch of a line ("Updated 3:12 PM EDT, Sept 28, 2023") holds."""

    __slots__ = (
        "year", "month", "day", "numdate", "numbers", "hour", "minute", "second", "micro",
        "ampm", "tz", "tz_abbr", "tz_minutes", "weekday", "label", "reldays", "iso", "content", "update",
    )

    def __init__(self) -> None:
        self.year: int | None = None
        self.month: int | None = None
        self.day: int | None = None
        self.hour: int | None = None
        self.minute: int | None = None
        self.second: int | None = None
        self.micro: int | None = None
        self.ampm: str | None = None
        self.tz: str | None = None
        self.tz_abbr: str | None = None
        self.tz_minutes: int | None = None
        self.weekday: int | None = None
        self.reldays: int | None = None
        self.numdate: tuple[str, str, str, str] | None = None
        self.numbers: list[int] = []
        self.label = self.iso = self.content = self.update = False


def _lookup(word: str, lang: str | None) -> tuple[str, int] | None:
    entry = _vocab().words.get(word)
    if entry is None:
        return None
    if lang:
        hit = entry.get(lang.split("-", 1)[0].lower())
        if hit:
            return hit
    return entry.get("en") or next(iter(entry.values()))


@lru_cache(maxsize=16)
def _start_words(lang: str | None) -> frozenset[str]:
    """The date words of ``lang`` (as :func:`_lookup` reads them) that are not fillers."""
    return frozenset(w for w in _vocab().words if (hit := _lookup(w, lang)) is not None and hit[0] != "fillers")


def may_start_any(tokens: list[str], lang: str | None = None) -> bool:
    """:func:`may_start_date` of any of ``tokens`` (the word set looked up once)."""
    starts = _start_words(lang)
    return any(t[:1].isdigit() or t.rstrip(".,:").lower() in starts
               or (t.isupper() and timezones.is_abbreviation(t)) for t in tokens)


def may_start_date(token: str, lang: str | None = None) -> bool:
    """Cheap test used to split "By Jane Doe Updated 3:12 PM EDT": can a date begin at ``token``?"""
    return may_start_any([token], lang)


def _scan(s: str, lang: str | None) -> list[_Seg] | None:
    """Segments of ``s`` if every character belongs to a date, else None (fails fast)."""
    segs = [_Seg()]
    seg = segs[0]
    pos, n = 0, len(s)
    prev_zone = False  # an offset may follow a time or "UTC"/"GMT"
    while pos < n:
        ch = s[pos]
        if ch.isdigit():
            m = _ISO.match(s, pos)
            if m:
                if seg.content and (seg.iso or seg.month or seg.numdate):
                    return None
                seg.iso = seg.content = True
                seg.year, seg.month, seg.day = int(m[1]), int(m[2]), int(m[3])
                if m[4]:
                    seg.hour, seg.minute = int(m[4]), int(m[5])
                    seg.second = int(m[6]) if m[6] else None
                pos, prev_zone = m.end(), bool(m[4])
                if prev_zone and _ZULU.match(s, pos):
                    seg.tz, seg.tz_minutes, pos = "Z", 0, pos + 1
                continue
            m = _NUMDATE.match(s, pos)
            if m:
                if seg.numdate or seg.iso:
                    return None
                seg.numdate = (m[1], m[2], m[3], m[4])
                seg.content, pos, prev_zone = True, m.end(), False
                continue
            m = _TIME.match(s, pos) or _HOUR.match(s, pos)
            if m:
                if seg.hour is not None and not seg.iso:
                    return None
                if m.re is _TIME:
                    seg.hour, seg.minute = int(m[1]), int(m[2])
                    seg.second = int(m[3]) if m[3] else None
                    seg.ampm = m[4]
                else:
                    seg.hour, seg.minute, seg.ampm = int(m[1]), 0, m[2]
                seg.content, pos, prev_zone = True, m.end(), True
                continue
            m = _NUM.match(s, pos)
            if not m:
                return None
            seg.numbers.append(int(m[1]))
            seg.content, pos, prev_zone = True, m.end(), False
            continue
        if ch in "+-" and prev_zone:
            m = _OFFSET.match(s, pos)
            if m:
                sign = -1 if (m[1] or m[4]) == "-" else 1
                minutes = int(m[2]) * 60 + int(m[3]) if m[1] else int(m[5]) * 60
                seg.tz = (seg.tz or "") + m[0]
                seg.tz_minutes = sign * minutes
                pos, prev_zone = m.end(), False
                continue
        m = _WORD.match(s, pos)
        if m:
            word = m[0]
            pos = m.end()
            bare = word.rstrip(".")
            if bare.isupper() and timezones.is_abbreviation(bare):
                if seg.tz is not None:
                    return None
                seg.tz = seg.tz_abbr = bare
                prev_zone = bare in ("UTC", "GMT", "UT")
                continue
            hit = _lookup(bare.lower(), lang)
            if hit is None:
                return None
            kind, value = hit
            prev_zone = False
            if kind == "labels":
                if seg.content:
                    seg = _Seg()
                    segs.append(seg)
                seg.label = True
                seg.update = seg.update or value == 1
            elif kind == "months":
                if seg.month is not None or seg.iso:
                    return None
                seg.month, seg.content = value, True
            elif kind == "weekdays":
                seg.weekday, seg.content = value, True
            elif kind == "days":
                seg.reldays, seg.content = value, True
            continue
        m = _SEP.match(s, pos)
        if not m:
            return None
        pos = m.end()
    return segs


# ---------------------------------------------------------------------------------------------
# From segment to value


def _order(lang: str | None, day_first: bool | None) -> tuple[str, bool]:
    """("dmy" | "mdy", ambiguous) for numeric dates."""
    if day_first is not None:
        return ("dmy" if day_first else "mdy"), False
    if lang:
        orders = _vocab().orders
        tag = lang.replace("_", "-").lower()
        hit = orders.get(tag) or orders.get(tag.split("-", 1)[0])
        if hit:
            return hit
    return "mdy", True


def _year(text: str | int) -> int:
    year = int(text)
    if year < 100:  # two-digit years: 00-69 are 2000s, 70-99 the 1900s
        year += 2000 if year < 70 else 1900
    return year


def _valid(y: int | None, m: int | None, d: int | None) -> dt.date | None:
    if y is None or m is None or d is None or not 1900 <= y <= 2100:
        return None
    try:
        return dt.date(y, m, d)
    except ValueError:
        return None


def _numeric(seg: _Seg, lang: str | None, day_first: bool | None) -> tuple[dt.date | None, str, bool]:
    a, sep, b, c = seg.numdate  # type: ignore[misc]
    if len(a) == 4:
        return _valid(int(a), int(b), int(c)), "numeric-ymd", False
    x, y, year = int(a), int(b), _year(c)
    dmy, mdy = _valid(year, y, x), _valid(year, x, y)
    if dmy is None or mdy is None or dmy == mdy:
        found = dmy or mdy
        return found, "numeric-dmy" if found is dmy else "numeric-mdy", False
    if sep == ".":  # 30.09.2023: dotted numeric dates are day first wherever they are written
        return dmy, "numeric-dmy", False
    if seg.weekday is not None:  # "Sat 09/30/2023": the weekday decides
        fits = [d for d in (dmy, mdy) if d.isoweekday() == seg.weekday]
        if len(fits) == 1:
            return fits[0], "numeric-dmy" if fits[0] is dmy else "numeric-mdy", False
    order, ambiguous = _order(lang, day_first)
    return (dmy, "numeric-dmy", ambiguous) if order == "dmy" else (mdy, "numeric-mdy", ambiguous)


def _time(seg: _Seg) -> tuple[int, int, int] | None:
    if seg.hour is None:
        return None
    h, mi, s = seg.hour, seg.minute or 0, seg.second or 0
    if seg.ampm:
        if not 1 <= h <= 12:
            return None
        h = h % 12 + (12 if seg.ampm.lower() == "p" else 0)
    if h > 23 or mi > 59 or s > 59:
        return None
    return h, mi, s


def _resolve(
    seg: _Seg,
    raw: str,
    lang: str | None,
    day_first: bool | None,
    default_tz: dt.tzinfo | None,
    reference: dt.datetime | None,
) -> PublishedDate | None:
    """The segment's date, or None when its parts do not make one (strict)."""
    ambiguous = False
    day: dt.date | None = None
    if seg.iso:
        day, rule = _valid(seg.year, seg.month, seg.day), "iso-8601"
        if day is None or seg.numbers:
            return None
    elif seg.numdate:
        if seg.numbers or seg.month:
            return None
        day, rule, ambiguous = _numeric(seg, lang, day_first)
        if day is None:
            return None
    elif seg.month:
        small = [x for x in seg.numbers if x <= 31]
        years = [x for x in seg.numbers if x >= 1000]
        if len(small) != 1 or len(years) > 1 or len(small) + len(years) != len(seg.numbers):
            return None
        rule = "month-name"
        if years:
            day = _valid(years[0], seg.month, small[0])
            if day is None:
                return None
        elif reference is not None:  # "March 11": the latest such day not after the reference
            day = _valid(reference.year, seg.month, small[0])
            if day is not None and day > reference.date():
                day = _valid(reference.year - 1, seg.month, small[0])
    elif seg.numbers:
        return None
    elif seg.reldays is not None:
        rule = "relative"
        if reference is not None:
            day = reference.date() + dt.timedelta(days=seg.reldays)
    elif seg.hour is not None:
        rule = "time-only"
        if reference is not None:
            day = reference.date()
    else:
        return None

    clock = _time(seg) if seg.hour is not None else None
    if seg.hour is not None and clock is None:
        return None
    tzinfo: dt.tzinfo | None = None
    if seg.tz is not None:
        minutes: int | None = seg.tz_minutes or 0
        if seg.tz_abbr is not None:
            base = timezones.resolve(seg.tz_abbr, lang=lang, on=day)
            minutes = None if base is None else base + (seg.tz_minutes or 0)
        if minutes is not None:
            tzinfo = timezones.offset_tz(minutes)
    if day is None:
        return PublishedDate(raw, None, None, seg.tz, rule, ambiguous)
    if clock is None:
        return PublishedDate(raw, day, "day", seg.tz, rule, ambiguous)
    value = dt.datetime(day.year, day.month, day.day, *clock, tzinfo=tzinfo or default_tz)
    precision = "second" if seg.second is not None else "minute"
    return PublishedDate(raw, value, precision, seg.tz, rule, ambiguous)


def _has_signal(seg: _Seg, found: PublishedDate) -> bool:
    """Strict mode: is this clearly a timestamp, not a stray word like "May" or "today"?"""
    if found.rule in ("iso-8601", "rfc-2822") or found.rule.startswith("numeric"):
        return True
    if found.rule == "month-name":
        has_year = any(x >= 1000 for x in seg.numbers)
        return has_year or seg.label or seg.hour is not None or seg.weekday is not None
    # time-only or yesterday/today: needs a label, a zone or a.m./p.m. to be a timestamp
    return seg.hour is not None and (seg.label or seg.tz is not None or seg.ampm is not None)


# ---------------------------------------------------------------------------------------------
# Fast paths


def _from_iso(m: re.Match[str], raw: str, default_tz: dt.tzinfo | None) -> PublishedDate | None:
    day = _valid(int(m[1]), int(m[2]), int(m[3]))
    if day is None:
        return None
    if not m[4]:
        return PublishedDate(raw, day, "day", None, "iso-8601")
    h, mi, s = int(m[4]), int(m[5]), int(m[6] or 0)
    if h > 23 or mi > 59 or s > 59:
        return None
    micro = int(m[7][:6].ljust(6, "0")) if m[7] else 0
    tz = m[8]
    tzinfo: dt.tzinfo | None = default_tz
    if tz:
        if tz == "Z":
            tzinfo = dt.timezone.utc
        else:
            digits = tz[1:].replace(":", "")
            minutes = int(digits[:2]) * 60 + int(digits[2:4] or 0)
            tzinfo = timezones.offset_tz(-minutes if tz[0] == "-" else minutes)
    value = dt.datetime(day.year, day.month, day.day, h, mi, s, micro, tzinfo=tzinfo)
    return PublishedDate(raw, value, "second" if m[6] else "minute", tz, "iso-8601")


def _from_rfc(m: re.Match[str], raw: str, lang: str | None) -> PublishedDate | None:
    day = _valid(int(m[3]), _RFC_MONTHS.split("|").index(m[2].lower()) + 1, int(m[1]))
    if day is None or int(m[4]) > 23 or int(m[5]) > 59 or int(m[6] or 0) > 59:
        return None
    zone = m[7]
    if zone[0] in "+-":
        minutes = int(zone[1:3]) * 60 + int(zone[3:5])
        minutes = -minutes if zone[0] == "-" else minutes
    else:
        minutes = timezones.resolve(zone.upper(), lang=lang, on=day) or 0
    value = dt.datetime(day.year, day.month, day.day, int(m[4]), int(m[5]), int(m[6] or 0),
                        tzinfo=timezones.offset_tz(minutes))
    return PublishedDate(raw, value, "second" if m[6] else "minute", zone, "rfc-2822")


def _relative(s: str, raw: str, reference: dt.datetime | None) -> PublishedDate | None:
    voc = _vocab()
    m = voc.relative.fullmatch(s)
    if not m or not (m[1] or m[5]):
        return None
    count = int(m[2]) if m[2] else voc.numbers[m[3].lower()]
    unit = voc.units[m[4].lower()]
    if reference is None:
        return PublishedDate(raw, None, None, None, "relative")
    if unit in ("days", "weeks"):
        value: dt.date = reference.date() - dt.timedelta(**{unit: count})
        return PublishedDate(raw, value, "day", None, "relative")
    stamp = (reference - dt.timedelta(**{unit: count})).replace(second=0, microsecond=0)
    return PublishedDate(raw, stamp, "minute", None, "relative")


def _strip_labels(s: str, lang: str | None) -> str:
    """``s`` without leading label and filler words ("Last updated: 3 hours ago" -> "3 hours ago")."""
    pos = 0
    while True:
        m = _WORD.match(s, pos)
        if not m:
            return s[pos:]
        hit = _lookup(m[0].rstrip(".").lower(), lang)
        if hit is None or hit[0] not in ("labels", "fillers"):
            return s[pos:]
        pos = m.end()
        sep = _SEP.match(s, pos)
        if sep:
            pos = sep.end()


def _rules(
    s: str,
    raw: str,
    lang: str | None,
    day_first: bool | None,
    default_tz: dt.tzinfo | None,
    reference: dt.datetime | None,
    strict: bool,
) -> PublishedDate | None:
    """The rule path: ISO, RFC 2822, relative, then the scanner."""
    if s[:1].isdigit():
        m = _ISO_FULL.fullmatch(s)
        if m:
            return _from_iso(m, raw, default_tz)
    m = _RFC_2822.fullmatch(s)
    if m:
        return _from_rfc(m, raw, lang)
    # Unstripped first: Italian "il" is a filler, but "il y a 2 jours" is one French phrase.
    # Only a string with a unit word ("hours", "3h") can be relative: the regex is not tried
    # on the others, which are most of them.
    units = _vocab().units
    if any(w.lstrip("0123456789").rstrip(".,").lower() in units for w in s.split()):
        found = _relative(s, raw, reference) or _relative(_strip_labels(s, lang), raw, reference)
        if found:
            return found
    segs = _scan(s, lang)
    if segs is None:
        return None
    first: PublishedDate | None = None
    update: PublishedDate | None = None
    for seg in segs:
        if not seg.content:
            if seg.label:
                continue
            return None
        found = _resolve(seg, raw, lang, day_first, default_tz, reference)
        if found is None or (strict and not _has_signal(seg, found)):
            return None
        if seg.label:
            found = replace(found, role="updated" if seg.update else "published")
        if seg.update and update is None and found.value is not None:
            update = found
        # The first dated segment that is not an update: "Updated May 2 | Published May 1" is
        # May 1. A line that holds only an update gives the update, with role "updated".
        if first is None or _better(found, first):
            first = found
    if first is not None and update is not None and update is not first:
        first = replace(first, updated=update.value)
    return first


def _better(found: PublishedDate, first: PublishedDate) -> bool:
    """Is ``found`` a better answer than the earlier ``first``: a value where it had none, or
    a publication where it had an update."""
    if found.value is None:
        return False
    return first.value is None or (first.role == "updated" and found.role != "updated")


# ---------------------------------------------------------------------------------------------
# Public API

_MAX_LINE = 120  # a dateline is short; longer lines are prose


def find_date(line: str, *, lang: str | None = None) -> PublishedDate | None:
    """The date if the WHOLE line is a dateline or timestamp, else None.

    Precision first: the cleaner calls this on candidate lines to decide whether they leave the
    body, so prose that merely mentions a date ("On September 22nd, the adviser said...") is None.

    >>> find_date("Thursday 28 September 2023 16:37 EDT").value.isoformat()
    '2023-09-28T16:37:00-04:00'
    >>> find_date("By 2030 the plan will be done") is None
    True
    """
    if len(line) > _MAX_LINE * 2:
        return None
    s = normalize(line).rstrip(".")
    if not s or len(s) > _MAX_LINE:
        return None
    return _rules(s, line, lang, None, None, None, strict=True)


def parse_date(
    text: str,
    *,
    default_tz: dt.tzinfo | None = None,
    reference: dt.datetime | None = None,
    lang: str | None = None,
    day_first: bool | None = None,
) -> PublishedDate:
    """Parse a date string leniently; always returns (``value`` None when nothing was found).

    ``default_tz`` is given to a naive datetime (never to a date); ``reference`` is "now" for
    relative dates ("3 hours ago") and supplies the date of a time-only string; ``lang`` (a
    language tag such as "de" or "en-GB") decides month names, day/month order and ambiguous zone
    abbreviations; ``day_first`` overrides the order.

    >>> parse_date("September 30, 2023").value
    datetime.date(2023, 9, 30)
    >>> parse_date("2023-09-24 23:46:11").precision
    'second'
    """
    s = normalize(text).rstrip(".")
    if s:
        found = _rules(s, text, lang, day_first, default_tz, reference, strict=False)
        if found is not None:
            return found
        found = _dateparser(s, text, lang, day_first, default_tz)
        if found is not None:
            return found
    return PublishedDate(text, None, None, None, "none")


def parse_date_rules(
    text: str, *, lang: str | None = None, reference: dt.datetime | None = None
) -> PublishedDate | None:
    """The rule path alone: the whole of ``text`` read as a date, or None. No general parser.

    Looser than :func:`find_date` (a bare "March 11" or "Yesterday" passes), stricter than
    :func:`parse_date` (nothing is searched for inside other text). Used to split a date glued to
    a byline, and measured by ``bench/dates.py``.
    """
    s = normalize(text).rstrip(".")
    if not s or len(s) > _MAX_LINE:
        return None
    return _rules(s, text, lang, None, None, reference, strict=False)


# ---------------------------------------------------------------------------------------------
# Optional general parser (the ``dates`` extra): only for strings the rules do not read.


def _dateparser(
    s: str, raw: str, lang: str | None, day_first: bool | None, default_tz: dt.tzinfo | None
) -> PublishedDate | None:
    try:
        import dateparser  # type: ignore[import-untyped]  # noqa: PLC0415 - optional, heavy: imported on first use only
    except ImportError:
        return None
    settings: dict[str, object] = {
        "REQUIRE_PARTS": ["day", "month", "year"],
        "PREFER_DATES_FROM": "past",
        "RETURN_AS_TIMEZONE_AWARE": False,
    }
    if day_first is not None:
        settings["DATE_ORDER"] = "DMY" if day_first else "MDY"
    languages = [lang.split("-")[0].lower()] if lang else list(LANGS)
    try:
        value = dateparser.parse(s, languages=languages, settings=settings)
    except Exception:  # dateparser raises assorted errors on odd input; treat as no date
        return None
    if value is None or not 1900 <= value.year <= 2100:
        return None
    timed = _TIME.search(s) or _HOUR.search(s)
    if not timed:  # dateparser fills in a time the text does not give: drop it
        return PublishedDate(raw, value.date(), "day", None, "dateparser")
    if value.tzinfo is None and default_tz is not None:
        value = value.replace(tzinfo=default_tz)
    precision = "second" if timed.re is _TIME and timed[3] else "minute"
    return PublishedDate(raw, value, precision, None, "dateparser")
