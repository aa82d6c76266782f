"""Time-zone abbreviations → UTC offsets (table in ``data/common/timezones.tsv``).

Ambiguous abbreviations (IST, CST, BST, AMT) have one default reading and others chosen by the
document's language tag, e.g. ``resolve("IST", lang="he")`` is Israel, ``resolve("IST")`` India.
US generic zones (ET, CT, MT, PT) depend on the date: EDT in summer, EST in winter.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import lru_cache

from newsclean.normalize.vocab import read_lines

__all__ = ["ZoneReading", "resolve", "readings", "offset_tz", "is_abbreviation"]


@dataclass(frozen=True)
class ZoneReading:
    """One row of the table: ``offset`` is minutes east of UTC; ``us_generic`` marks ET/CT/MT/PT."""

    abbr: str
    offset: int
    hints: tuple[str, ...]
    description: str
    us_generic: bool = False

    @property
    def is_default(self) -> bool:
        return "*" in self.hints


def _parse_offset(text: str) -> tuple[int, bool]:
    if text.startswith("US"):
        return int(text[2:]) * 60, True
    sign = -1 if text[0] == "-" else 1
    hours, minutes = text[1:].split(":")
    return sign * (int(hours) * 60 + int(minutes)), False


@lru_cache(maxsize=1)
def _table() -> dict[str, tuple[ZoneReading, ...]]:
    table: dict[str, list[ZoneReading]] = {}
    for line in read_lines("common/timezones.tsv"):
        abbr, offset, hints, description = line.split("\t")
        minutes, generic = _parse_offset(offset)
        reading = ZoneReading(abbr, minutes, tuple(hints.split()), description, generic)
        table.setdefault(abbr.upper(), []).append(reading)
    return {k: tuple(v) for k, v in table.items()}


def readings(abbr: str) -> tuple[ZoneReading, ...]:
    """All readings of ``abbr`` (default first in the file order); empty if unknown."""
    return _table().get(abbr.upper(), ())


def is_abbreviation(word: str) -> bool:
    """True if ``word`` (any case) is in the table."""
    return word.upper() in _table()


def _hint_matches(hints: tuple[str, ...], lang: str) -> bool:
    tag = lang.replace("_", "-").lower()
    language, _, region = tag.partition("-")
    for hint in hints:
        h = hint.lower()
        if h == tag or h == language or (region and h == "-" + region):
            return True
    return False


def _nth_sunday(year: int, month: int, n: int) -> dt.date:
    first = dt.date(year, month, 1)
    first_sunday = first + dt.timedelta(days=(6 - first.weekday()) % 7)
    return first_sunday + dt.timedelta(weeks=n - 1)


def _last_sunday(year: int, month: int) -> dt.date:
    nxt = dt.date(year + (month == 12), month % 12 + 1, 1)
    last = nxt - dt.timedelta(days=1)
    return last - dt.timedelta(days=(last.weekday() + 1) % 7)


def us_dst(day: dt.date) -> bool:
    """True if US daylight saving time is in force on ``day`` (rules of 2007 and of 1987–2006).

    Changeover days count as their post-change state; a page time on those two days at 1–2 a.m.
    is the only case this can misread by an hour.
    """
    if day.year >= 2007:
        start, end = _nth_sunday(day.year, 3, 2), _nth_sunday(day.year, 11, 1)
    else:
        start, end = _nth_sunday(day.year, 4, 1), _last_sunday(day.year, 10)
    return start <= day < end


def resolve(abbr: str, *, lang: str | None = None, on: dt.date | None = None) -> int | None:
    """Minutes east of UTC for ``abbr``, or None if unknown.

    ``lang`` picks among ambiguous readings; ``on`` is needed for US generic zones (without it
    they are None, since guessing the season would invent an offset).
    """
    rows = readings(abbr)
    if not rows:
        return None
    chosen = next((r for r in rows if r.is_default), rows[0])
    if lang:
        chosen = next((r for r in rows if _hint_matches(r.hints, lang)), chosen)
    if chosen.us_generic:
        if on is None:
            return None
        return chosen.offset + (60 if us_dst(on) else 0)
    return chosen.offset


@lru_cache(maxsize=256)
def offset_tz(minutes: int) -> dt.timezone:
    """A fixed ``datetime.timezone`` for ``minutes`` east of UTC (UTC itself for 0)."""
    if minutes == 0:
        return dt.timezone.utc
    return dt.timezone(dt.timedelta(minutes=minutes))
