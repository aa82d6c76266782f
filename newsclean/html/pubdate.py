"""The publication date of an HTML page, chosen from every source that offers one.

Sources ("families"): JSON-LD, the head's meta tags (OpenGraph and the others), microdata,
what the reader sees (the header zone's date lines and the text stage's dateline), the URL
path, and htmldate. The rule (docs/html.md, "Dates"):

1. **Plausible only.** A date in the future or before 1990 is dropped; so is an htmldate answer
   that is the page's update date (htmldate issue #119), and a date more than two days after the
   page's last update when another date is not (a template default).
2. **Agreement.** Each family votes for the days its dates allow; the day with the most
   families wins (htmldate counts half: it reads the same tags). A UTC or zone-less timestamp
   allows its own day and, when another source says so, the neighbouring day that a zone
   between UTC-12 and UTC+14 would give: ``2020-02-25T02:25:54Z`` is February 24 in New York.
3. **Ties** go to the day voted for as written (not only as a neighbour), then to a day more
   than two days from the page's update (the original publication, not a re-publication stamped
   with the update), then to the source ranked first (JSON-LD, meta, microdata, visible,
   htmldate, URL; in each, the order of the page).
4. **The value.** The most precise date of the winning day: a timestamp with the page's own
   offset as written; a UTC timestamp in the page's zone when the page reveals it (another
   timestamp with an offset, a dateline's zone, the country of the site's domain) and that zone
   gives the winning day; else the UTC timestamp when it is on that day; else the day alone.
5. **Only an update.** With no publication date at all, a visible "Updated …" date is the one
   date the page shows: it fills ``published`` (and ``updated``). A structured ``dateModified``
   alone does not: a page that only says when its template last changed stays undated.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from functools import lru_cache
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from newsclean.html.page import Candidate
from newsclean.normalize.dates import parse_date_rules
from newsclean.normalize.vocab import read_lines

__all__ = ["DateChoice", "choose_dates", "parse_candidate_date", "url_date"]

_FAMILY = {"json-ld": "json-ld", "opengraph": "head", "meta": "head", "microdata": "markup",
           "html": "visible", "text": "visible", "trafilatura": "htmldate", "url": "url"}
_FAMILY_RANK = {"json-ld": 0, "head": 1, "markup": 2, "visible": 3, "htmldate": 4, "url": 5}
_WEIGHT = {"htmldate": 0.5}
_ISO = re.compile(
    r"^\s*(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ](\d{1,2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?\s*"
    r"(Z|[+-]\d{2}:?\d{2})?)?\s*$",
    re.IGNORECASE,
)
_URL_DATE = re.compile(r"/((?:19|20)\d\d)[/-](0[1-9]|1[0-2]|[a-z]{3,9})[/-](0[1-9]|[12]\d|3[01])(?=/|[-_.]|$)", re.I)
_MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
_OLDEST = dt.date(1990, 1, 1)
# A publication more than this after the last update is a template default, not the date.
# (Less is noise: CMSs write dateModified a few minutes or hours before datePublished.)
_AFTER_UPDATE = dt.timedelta(days=2)
_EAST, _WEST = dt.timezone(dt.timedelta(hours=14)), dt.timezone(dt.timedelta(hours=-12))


def parse_iso_date(value: str) -> dt.date | dt.datetime | None:
    """ISO 8601 dates as structured data writes them; ``None`` for anything else."""
    match = _ISO.match(value)
    if not match:
        return None
    y, mo, d, h, mi, s, _fraction, tz = match.groups()
    try:
        if h is None:
            return dt.date(int(y), int(mo), int(d))
        tzinfo = None
        if tz:
            if tz.upper() == "Z":
                tzinfo = dt.timezone.utc
            else:
                sign = -1 if tz[0] == "-" else 1
                digits = tz[1:].replace(":", "")
                tzinfo = dt.timezone(sign * dt.timedelta(hours=int(digits[:2]), minutes=int(digits[2:])))
        return dt.datetime(int(y), int(mo), int(d), int(h), int(mi), int(s or 0), tzinfo=tzinfo)
    except ValueError:  # month 13, hour 25: not a date
        return None


def parse_candidate_date(value: str, lang: str | None = None) -> dt.date | dt.datetime | None:
    """A candidate's date: ISO 8601 first, then the shared normalizer's rules ("March 5, 2024").

    Not its general parser: metadata writes dates in the formats the rules read (all but 3 of
    the development corpus's 1,098 structured dates), and dateparser costs half a second to load.
    """
    return _parse(value, lang)[0]


def _parse(value: str, lang: str | None) -> tuple[dt.date | dt.datetime | None, bool]:
    """(the date, whether its day and month could be the other way round: "05/06/2023")."""
    value = value.strip().strip("\"'")
    parsed = parse_iso_date(value)
    if parsed is not None:
        return parsed, False
    found = parse_date_rules(value, lang=lang)
    return (found.value, found.ambiguous) if found is not None else (None, False)


def _swapped(value: dt.date | dt.datetime) -> dt.date | None:
    """The other reading of an ambiguous numeric date (day and month exchanged)."""
    try:
        return dt.date(value.year, value.day, value.month)
    except ValueError:
        return None


def url_date(url: str | None) -> str | None:
    """The day in a URL path (``/2025/12/18/``, ``/2025-12-18-``), as ``YYYY-MM-DD``."""
    if not url:
        return None
    try:
        path = urlsplit(url).path
    except ValueError:  # a malformed URL has no path to read
        return None
    match = _URL_DATE.search(path)
    if not match:
        return None
    year, month, day = match.groups()
    if not month.isdigit():  # "/2023/october/03/"
        if month[:3].lower() not in _MONTHS:
            return None
        month = f"{_MONTHS.index(month[:3].lower()) + 1:02d}"
    return f"{year}-{month}-{day}"


@lru_cache(maxsize=1)
def _country_zones() -> dict[str, str]:
    """Country-code top-level domain -> IANA zone, for countries with one zone."""
    return dict(line.split("\t") for line in read_lines("common/country-zones.tsv"))


@lru_cache(maxsize=64)
def site_zone(host: str | None) -> dt.tzinfo | None:
    """The zone of the site's country from its domain (``.de`` -> Europe/Berlin), or None."""
    if not host:
        return None
    name = _country_zones().get(host.rsplit(".", 1)[-1].lower())
    if name is None:
        return None
    try:
        return ZoneInfo(name)
    except ZoneInfoNotFoundError:  # a system without time-zone data: no reading for the country
        return None


@dataclass
class _Dated:
    cand: Candidate
    value: dt.date | dt.datetime
    family: str
    days: frozenset[dt.date]  # the days it allows
    own: dt.date  # the day as written
    rank: int = 0  # precedence: family first, then the order the candidates came in
    rejected: str | None = None

    @property
    def flexible(self) -> bool:
        return len(self.days) > 1


@dataclass
class DateChoice:
    """The chosen dates, the candidates they came from, and why."""

    published: dt.date | dt.datetime | None = None
    updated: dt.date | dt.datetime | None = None
    chosen: Candidate | None = None
    chosen_update: Candidate | None = None
    reason: str = ""
    rejected: dict[int, str] = field(default_factory=dict)  # id(candidate) -> why


def _is_utc_or_naive(value: dt.datetime) -> bool:
    offset = value.utcoffset()
    return offset is None or offset == dt.timedelta(0)


def _local_days(value: dt.date | dt.datetime) -> tuple[dt.date, frozenset[dt.date]]:
    """(the day as written, the days it allows)."""
    if not isinstance(value, dt.datetime):
        return value, frozenset({value})
    day = value.date()
    clock = value.hour * 60 + value.minute
    if not _is_utc_or_naive(value) or (clock == 0 and value.second == 0):
        return day, frozenset({day})  # an offset as written, or midnight: a date written as a time
    days = {day}
    if clock < 12 * 60:  # UTC-12 reaches the day before
        days.add(day - dt.timedelta(days=1))
    if clock >= 10 * 60:  # UTC+14 reaches the day after
        days.add(day + dt.timedelta(days=1))
    return day, frozenset(days)


def _latest(value: dt.date | dt.datetime) -> dt.datetime:
    """The latest instant a value can mean: a day's last moment west of UTC-12, naive likewise."""
    if not isinstance(value, dt.datetime):
        return dt.datetime.combine(value, dt.time(23, 59, 59), _WEST)
    return value if value.tzinfo else value.replace(tzinfo=_WEST)


def _earliest(value: dt.date | dt.datetime) -> dt.datetime:
    """The earliest instant a value can mean: a day's first moment at UTC+14, naive likewise."""
    if not isinstance(value, dt.datetime):
        return dt.datetime.combine(value, dt.time(0, 0), _EAST)
    return value if value.tzinfo else value.replace(tzinfo=_EAST)


def _dated(cands: list[Candidate], lang: str | None, rejected: dict[int, str]) -> list[_Dated]:
    out = []
    for index, cand in enumerate(cands):
        value, ambiguous = _parse(cand.value, lang) if isinstance(cand.value, str) else (None, False)
        if value is None:
            rejected[id(cand)] = "not a date"
            continue
        own, days = _local_days(value)
        other = _swapped(value) if ambiguous or cand.key.endswith("order unsure)") else None
        if other is not None:  # "03/10/2023": either day; another source decides
            days = days | {other}
        family = _FAMILY.get(cand.source, "visible")
        out.append(_Dated(cand, value, family, days, own, _FAMILY_RANK[family] * 1000 + index))
    return out


def _zone(dated: list[_Dated], host: str | None) -> tuple[dt.tzinfo | None, str]:
    """The page's zone as the page reveals it: a timestamp with an offset, else the site's country."""
    for item in sorted(dated, key=lambda d: _FAMILY_RANK[d.family]):
        value = item.value
        if isinstance(value, dt.datetime) and not _is_utc_or_naive(value):
            return value.tzinfo, f"the offset of {item.cand.source} {item.cand.key}"
    zone = site_zone(host)
    return (zone, f"the zone of the site's country ({zone})") if zone else (None, "")


def choose_dates(published: list[Candidate], modified: list[Candidate], *, host: str | None = None,
                 lang: str | None = None, today: dt.date | None = None) -> DateChoice:
    """Choose ``published`` and ``updated`` from the page's candidates (see the module rule)."""
    choice = DateChoice()
    today = today or dt.date.today()
    pubs = _dated(published, lang, choice.rejected)
    mods = [m for m in _dated(modified, lang, choice.rejected) if m.own <= today + dt.timedelta(days=1)]
    structured_mods = [m for m in mods if m.family != "visible"]
    last_update = max((_latest(m.value) for m in mods), default=None)
    update_days = {m.own for m in structured_mods} | {d for m in structured_mods for d in m.days}
    for item in pubs:
        if item.own > today + dt.timedelta(days=1):
            item.rejected = "in the future"
        elif item.own < _OLDEST:
            item.rejected = "before 1990"
        elif item.family == "htmldate" and item.own in update_days:
            item.rejected = "htmldate's answer is the page's update date"
    # After the last update: a template's default when another date is not (a post scheduled
    # after its last edit is the other reading, so with no other date it stays).
    late = [p for p in pubs if not p.rejected and last_update is not None
            and _earliest(p.value) - last_update > _AFTER_UPDATE]
    if late and any(not p.rejected and p not in late for p in pubs):
        for item in late:
            item.rejected = "after the page's last update"
    for item in pubs:
        if item.rejected:
            choice.rejected[id(item.cand)] = item.rejected
    live = [p for p in pubs if not p.rejected]
    if live:
        day, reason = _vote(live, update_days)
        _value(choice, live, day, mods + pubs, host, reason)
    else:
        shown = [m for m in mods if m.family == "visible"]
        if shown:
            first = min(shown, key=lambda m: _FAMILY_RANK[m.family])
            choice.published, choice.chosen = first.value, first.cand
            choice.reason = "the page shows only an update date: it is the one date there is"
    updates = sorted(mods, key=lambda m: _FAMILY_RANK[m.family])
    published_at = _earliest(choice.published) if choice.published is not None else None
    for item in updates:
        if published_at is None or _latest(item.value) >= published_at:
            choice.updated, choice.chosen_update = item.value, item.cand
            break
    if choice.updated is None and choice.chosen is not None and choice.chosen.field == "modified":
        choice.updated, choice.chosen_update = choice.published, choice.chosen
    return choice


def _vote(live: list[_Dated], update_days: set[dt.date]) -> tuple[dt.date, str]:
    """The day most families agree on, and the reason."""
    days = {d for item in live for d in item.days}
    ranked = []
    for day in days:
        support: dict[str, float] = {}
        as_written: set[str] = set()
        for item in live:
            if day in item.days:
                support[item.family] = max(support.get(item.family, 0.0), _WEIGHT.get(item.family, 1.0))
                if item.own == day:
                    as_written.add(item.family)
        best = min(item.rank for item in live if day in item.days)
        # On a tie, a day away from the page's update (two days or more): the original
        # publication, not a re-publication stamped with the update.
        near_update = any(abs((day - u).days) <= 2 for u in update_days)
        ranked.append((-sum(support.values()), -len(as_written), near_update, best, day,
                       sorted(support, key=lambda family: _FAMILY_RANK.get(family, len(_FAMILY_RANK)))))
    ranked.sort()
    score, _, _, _, day, families = ranked[0]
    if all(item.own == day for item in live):
        return day, f"every source gives {day}"
    runner = ranked[1]
    other = runner[4]
    if score < runner[0]:
        why = f"{', '.join(families)} agree on {day} (against {other})"
    elif ranked[0][1] < runner[1]:
        why = f"{', '.join(families)} give {day} as written (against {other})"
    elif ranked[0][2] < runner[2]:
        why = f"a tie of sources: {other} is at the page's update, {day} before it (the original)"
    else:
        why = f"a tie of sources: {families[0]} ranks first (against {other})"
    return day, why


def _value(choice: DateChoice, live: list[_Dated], day: dt.date, every: list[_Dated], host: str | None,
           reason: str) -> None:
    """The most precise value for ``day`` and its candidate."""
    fits = [item for item in live if day in item.days]

    def order(item: _Dated) -> tuple[int, int]:
        # A timestamp with its offset on that day, then other timestamps, then days; by family.
        value = item.value
        timed = isinstance(value, dt.datetime)
        exact = item.own == day and not (isinstance(value, dt.datetime) and _is_utc_or_naive(value))
        return (0 if exact and timed else 1 if timed else 2), item.rank

    best = min(fits, key=order)
    value = best.value
    choice.chosen = best.cand
    if isinstance(value, dt.datetime) and _is_utc_or_naive(value):
        zone, how = _zone(every, host)
        local = value.astimezone(zone) if zone is not None and value.tzinfo is not None else None
        if local is not None and local.date() == day:
            value = local
            reason += f"; the instant in the page's zone, from {how}"
        elif best.own != day:
            value = day
            reason += "; the page's day (the exact instant is in metadata_sources; the page gives no zone)"
    elif best.own != day:  # the other reading of an ambiguous date, or a day the page shows
        value = day
    choice.published = value
    choice.reason = reason
