"""Byline normalizer: ``parse_byline`` (lenient), ``find_byline`` and ``find_author_bio`` (strict).

A byline line is read as segments split on ";", "|", "•" and dashes. Each segment is one of:
a prefix and names ("By Jane Doe and John Roe"), a role credit ("Editing by Martin Howell"),
a contributor line ("Fox News' Jessica Napoli contributed to this report"), a contact line
("Email Tariq Malik at ..."), or bare names, agencies and job titles ("Jane Doe, Staff Writer",
"Reuters"). A date glued to the line ("Updated 3:12 PM EDT, Sept 28, 2023") is split off first.

Names are checked word by word: capitalised words, name particles (van, de la), initials; a word
from the non-name list ("Staff", "Updated", "Share") or any lower-case word rejects the name, which
is what keeps sentences such as "By Thursday evening, over 78,300 people had left." out.
Vocabulary: ``data/<lang>/byline.txt``, ``data/common/names.txt``, ``data/common/agencies.txt``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from newsclean.normalize.dates import find_date, may_start_any, may_start_date, normalize, parse_date_rules
from newsclean.normalize.vocab import LANGS, read_lines, read_sections

__all__ = ["Role", "Byline", "parse_byline", "find_byline", "find_author_bio", "canonical_agency", "is_org_word"]


@dataclass(frozen=True)
class Role:
    """A non-author credit, e.g. ``Role("Martin Howell", "editing")``."""

    name: str
    role: str


@dataclass(frozen=True)
class Byline:
    """A parsed byline: people, agencies, other credits, a glued date and the rule that matched."""

    raw: str
    authors: list[str] = field(default_factory=list)
    agencies: list[str] = field(default_factory=list)
    roles: list[Role] = field(default_factory=list)
    date_text: str | None = None
    rule: str = "none"

    @property
    def names(self) -> list[str]:
        """The authors if any, else the agencies: what ``Article.authors`` becomes."""
        return list(self.authors) if self.authors else list(self.agencies)


# ---------------------------------------------------------------------------------------------
# Vocabulary


@dataclass(frozen=True)
class _Vocab:
    prefix: re.Pattern[str]  # author prefixes, anchored at the start of a segment
    role: re.Pattern[str]  # role prefixes; lastindex tells which role
    role_names: tuple[str, ...]
    contributed: re.Pattern[str]  # contributor phrases at the end of a segment
    contact: re.Pattern[str]
    conj: re.Pattern[str]  # splits a list of names
    conj_words: frozenset[str]  # every word of a conjunction: a text without one needs no split
    role_starts: frozenset[str]  # first words of the role, prefix and contact phrases
    contributed_ends: frozenset[str]  # last words of the contributor phrases
    titles: frozenset[str]
    non_names: frozenset[str]
    particles: frozenset[str]
    honorifics: frozenset[str]
    credentials: frozenset[str]
    name_prefixes: tuple[str, ...]
    bio_nouns: frozenset[str]
    bio_verbs: frozenset[str]
    bio_articles: frozenset[str]
    org_words: frozenset[str]
    team_words: frozenset[str]
    corporate_words: frozenset[str]
    agencies_ci: dict[str, str]  # casefolded alias (no leading "the") -> canonical
    agencies_cs: dict[str, str]  # short capitals alias -> canonical (case-sensitive)
    agency_max_words: int
    signal_words: frozenset[str]  # the longest word of every prefix, role, title and agency
    lead_words: frozenset[str]  # phrases that are one common word: must open the line


def _phrases(lines: list[str]) -> list[str]:
    return [p.strip().lower() for line in lines for p in line.split("|") if p.strip()]


def _alternation(phrases: list[str]) -> str:
    return "|".join(re.escape(p) for p in sorted(set(phrases), key=len, reverse=True))


@lru_cache(maxsize=1)
def _vocab() -> _Vocab:
    sec: dict[str, list[str]] = {}
    for lang in LANGS:
        for name, lines in read_sections(f"{lang}/byline.txt").items():
            sec.setdefault(name, []).extend(lines)
    names = read_sections("common/names.txt")

    role_groups: list[str] = []
    role_names: list[str] = []
    for line in sec.get("roles", []):
        role, _, phrases = line.partition(":")
        role_names.append(role.strip())
        role_groups.append(f"({_alternation(_phrases([phrases]))})")

    def words(section: str, source: dict[str, list[str]] = sec) -> frozenset[str]:
        return frozenset(w.lower() for line in source.get(section, []) for w in line.split())

    ci: dict[str, str] = {}
    cs: dict[str, str] = {}
    longest = 1
    for line in read_lines("common/agencies.txt"):
        spellings = [p.strip() for p in line.split("|")]
        canonical = spellings[0]
        for alias in spellings:
            longest = max(longest, len(alias.split()))
            bare = alias[4:] if alias.startswith("The ") else alias
            if bare.isupper() and len(bare) <= 4:
                cs[alias] = cs[bare] = canonical
            else:
                ci[_agency_key(alias)] = canonical

    signal_phrases = (_phrases(sec["prefixes"]) + [p for g in sec.get("roles", []) for p in _phrases([g.partition(":")[2]])]
                      + _phrases(sec.get("contributed", [])) + _phrases(sec.get("contact", []))
                      + _phrases(sec.get("titles", [])) + list(ci) + [a.lower() for a in cs])
    # Every word of a phrase is in a line that holds the phrase: its longest (rarest) will do.
    # A phrase that is only a common word ("with" Jane Doe) must open the line instead.
    rarest = [max(p.split(), key=lambda w: (w.strip(_SIGNAL_STRIP) not in _COMMON_WORDS, len(w))).strip(_SIGNAL_STRIP)
              for p in signal_phrases if p.split()]
    signal_words = frozenset(w for w in rarest if w not in _COMMON_WORDS)
    lead_words = frozenset(w for w in rarest if w in _COMMON_WORDS)
    end = r"(?=[\s:,]|$)"  # a phrase ends at a space, colon, comma or the end
    return _Vocab(
        prefix=re.compile(rf"(?:{_alternation(_phrases(sec['prefixes']))}){end}:?\s*", re.I),
        role=re.compile(rf"(?:{'|'.join(role_groups)}){end}:?\s*", re.I),
        role_names=tuple(role_names),
        contributed=re.compile(rf"\s(?:{_alternation(_phrases(sec.get('contributed', [])))})\.?$", re.I),
        contact=re.compile(rf"(?:{_alternation(_phrases(sec.get('contact', [])))})\s", re.I),
        conj=re.compile(rf",\s*(?:(?:{_alternation(_phrases(sec['conjunctions']))})\s+)?|(?<!\s)\s+(?:{_alternation(_phrases(sec['conjunctions']))})\s+", re.I),
        role_starts=frozenset(p.split()[0] for p in _phrases(sec["prefixes"]) + _phrases(sec.get("contact", []))
                              + [q for g in sec.get("roles", []) for q in _phrases([g.partition(":")[2]])] if p.split()),
        conj_words=frozenset(w for p in _phrases(sec["conjunctions"]) for w in p.split()),
        contributed_ends=frozenset(p.split()[-1].rstrip(".") for p in _phrases(sec.get("contributed", [])) if p.split()),
        titles=frozenset(_phrases(sec.get("titles", []))),
        non_names=words("non-names"),
        particles=words("particles", names),
        honorifics=words("honorifics", names),
        credentials=words("credentials", names),
        name_prefixes=tuple(words("name-prefixes", names)),
        bio_nouns=words("bio-nouns"),
        bio_verbs=words("bio-verbs"),
        bio_articles=words("bio-articles"),
        org_words=words("org-words"),
        team_words=words("team-words"),
        corporate_words=words("corporate-words"),
        agencies_ci=ci,
        agencies_cs=cs,
        agency_max_words=longest,
        signal_words=signal_words,
        lead_words=lead_words,
    )


def _agency_key(text: str) -> str:
    key = text.casefold().strip(" .")
    return key[4:] if key.startswith("the ") else key


def canonical_agency(text: str) -> str | None:
    """The canonical name if ``text`` is exactly an agency or publisher in the table, else None.

    >>> canonical_agency("Associated Press"), canonical_agency("REUTERS"), canonical_agency("pa")
    ('The Associated Press', 'Reuters', None)
    """
    voc = _vocab()
    text = text.strip(" .,")
    return voc.agencies_cs.get(text) or voc.agencies_ci.get(_agency_key(text))


def is_org_word(word: str) -> bool:
    """True for a word that makes a name an organisation wherever it stands ("Inc", "News",
    "Team", "Redaktion"): the ``[corporate-words]`` and ``[team-words]`` of every language."""
    voc = _vocab()
    low = word.casefold().strip(".,")
    return low in voc.corporate_words or low in voc.team_words


# ---------------------------------------------------------------------------------------------
# Names

_NAME_WORD = re.compile(r"[^\W\d_](?:[^\W\d_]|['.\-](?=[^\W\d_])){0,40}\.?")
_LETTERS = re.compile(r"[^\W\d_]+")
_TOKEN = re.compile(r"\S+")
_CONTACT_AT = re.compile(r"\s(?:at|on|via)\s")
_MAX_NAME_WORDS = 4  # "Maria del Carmen Lopez Garcia"; five capitalised words are a headline
_SUFFIXES = frozenset({"jr", "jr.", "sr", "sr.", "ii", "iii", "iv"})


def _proper(word: str, first: bool, voc: _Vocab) -> str:
    """Proper case for an ALL-CAPS (or all lower-case) word: "O'NEIL" -> "O'Neil"."""
    low = word.lower()
    if not first and low in voc.particles:
        return low
    if low.rstrip(".") in _SUFFIXES:
        return word if word.rstrip(".").upper() in ("II", "III", "IV") else word.capitalize()
    out = _LETTERS.sub(lambda m: m[0].capitalize(), low)
    for prefix in voc.name_prefixes:  # "MCDONALD" -> "McDonald"
        if low.startswith(prefix) and len(low) > len(prefix) + 2:
            out = out[: len(prefix)] + out[len(prefix)].upper() + out[len(prefix) + 1 :]
    return out


def _trim(text: str) -> str:
    """Strip separators and a sentence's full stop, but keep the dot of "Jr." or "M."."""
    text = text.strip(" ,;:")
    if text.endswith("."):
        last = text.rsplit(" ", 1)[-1].lower()
        if len(last) > 2 and last not in _SUFFIXES:
            text = text[:-1]
    return text


def _person(text: str, *, min_words: int = 2) -> str | None:
    """``text`` as a proper-cased person name, or None if it does not look like one."""
    voc = _vocab()
    words = _trim(text).split()
    while words and words[0].lower() in voc.honorifics:
        words = words[1:]
    if not min_words <= len(words) <= 6:
        return None
    # An ALL-CAPS name ("JAN VAN DER BERG") is proper-cased word by word, particles included.
    core = [w for w in words if w.lower() not in voc.particles and len(w.rstrip(".")) > 1]
    shout = bool(core) and all(w.isupper() for w in core)
    out: list[str] = []
    for i, word in enumerate(words):
        low = word.lower()
        if _NAME_WORD.fullmatch(word) is None:
            return None
        if low in voc.particles and 0 < i < len(words) - 1:
            out.append(low)
            continue
        if low.rstrip(".") in voc.non_names or low in voc.non_names:
            return None
        if not word[0].isupper():
            return None
        if shout or (word.isupper() and len(word) > 3 and "." not in word):
            out.append(_proper(word, i == 0, voc))
        else:
            out.append(word)
    core = [w for w in out if w.lower() not in voc.particles and w.lower() not in _SUFFIXES]
    if not min_words <= len(core) <= _MAX_NAME_WORDS:
        return None
    return " ".join(out)


def _org(text: str) -> str | None:
    """A publisher not in the table ("Houston Chronicle"): capitalised words with an org word."""
    voc = _vocab()
    words = text.strip(" ,.").split()
    if len(words) > 1 and canonical_agency(words[0]):  # "CNN Business", "AP Sports"
        return " ".join(words)
    if not 1 <= len(words) <= 6 or not all(w[:1].isupper() or w.lower() in ("of", "the", "de") for w in words):
        return None
    if any(w.lower().strip(".,") in voc.org_words for w in words):
        return " ".join(words)
    return None


def _title(text: str) -> bool:
    """A job title ("Staff Writer") or a credential written as one ("MD", "PhD"; not "Do", "Ms")."""
    voc = _vocab()
    text = text.strip(" ,.")
    low = text.lower()
    return low in voc.titles or (low in voc.credentials and not text.istitle())


@dataclass
class _Credit:
    authors: list[str] = field(default_factory=list)
    agencies: list[str] = field(default_factory=list)
    titled: bool = False  # a job title or agency came with the names: a byline even without "By"


_PLACE = re.compile(r"\s(?:in|from|en|aus|à|desde)\s[A-Z][^\W\d_]+(?:[ -][A-Z][^\W\d_]+){0,2}$")
_PLACE_WORDS = frozenset(("in", "from", "en", "aus", "à", "desde"))  # the words _PLACE opens with


def _split_trailing(part: str) -> tuple[str, str | None]:
    """Split an unpunctuated trailing agency off a name: "JANE DOE Associated Press"."""
    voc = _vocab()
    words = part.split()
    for k in range(min(voc.agency_max_words, len(words) - 1), 0, -1):
        tail = " ".join(words[-k:])
        if canonical_agency(tail):  # not titles: "Certified Financial Analyst" is no byline
            return " ".join(words[:-k]), tail
    return part, None


def _names(text: str, strict: bool, *, min_words: int = 2) -> _Credit | None:
    """People, agencies and titles in a list such as "Jane Doe, John Roe and Max Mustermann"."""
    voc = _vocab()
    credit = _Credit()
    text = _trim(text)
    if not _PLACE_WORDS.isdisjoint(text.split()):
        text = _PLACE.sub("", text)  # "Reporting by Jane Doe in London"
    # The list regex tries every position: run it once, and only when there is a comma or
    # a conjunction to split on.
    joints = list(voc.conj.finditer(text)) if "," in text or not voc.conj_words.isdisjoint(text.lower().split()) else []
    pieces, at = [], 0
    for joint in joints:
        pieces.append(text[at:joint.start()])
        at = joint.end()
    pieces.append(text[at:])
    parts = [p for p in pieces if p and p.strip()]
    if not parts:
        return None
    # "By Jane Doe, Modern Farmer": two parts joined by a comma alone are a name and an
    # affiliation; co-authors are joined with "and" ("Jane Doe and John Roe").
    affiliation = len(parts) == 2 and joints[0][0].strip() == ","
    for i, part in enumerate(parts):
        part = _trim(part)
        agency = canonical_agency(part)
        if agency:
            credit.agencies.append(agency)
            credit.titled = True
            continue
        if _title(part):
            if i == 0:
                return None  # a title alone is not a credit ("Staff Writer")
            credit.titled = True
            continue
        words = part.split()
        if words and words[-1].lower() in voc.team_words and len(words) > 1:
            credit.agencies.append(part)  # "TOI Lifestyle Desk", "The Investopedia Team"
            continue
        head, tail = _split_trailing(part)  # "JANE DOE Associated Press"
        name = _person(head, min_words=min_words) if tail else None
        if name is not None and tail is not None:
            agency = canonical_agency(tail)
            if agency:
                credit.agencies.append(agency)
            credit.titled = True
        else:
            org = _org(part) if i > 0 else None  # "Jane Doe, Houston Chronicle"
            if org is not None:
                credit.agencies.append(org)
                credit.titled = True
                continue
            if i == 1 and affiliation and credit.authors and _person(part) is not None:
                credit.agencies.append(part)  # not a signal alone: "Big Dreams, Small Spaces"
                continue
            name = _person(part, min_words=min_words)
        if name is not None:
            credit.authors.append(name)
            continue
        if strict:
            return None
    # "By Jane Doe and John Roe, London": one word after the last comma of a list of full names
    # is the place the story was filed from, not a person.
    if (len(credit.authors) > 1 and joints and joints[-1][0].strip() == "," and " " not in credit.authors[-1]
            and credit.authors[-1] == _trim(parts[-1]) and any(" " in a for a in credit.authors[:-1])):
        credit.authors.pop()
    if not credit.authors and not credit.agencies:
        return None
    return credit


# ---------------------------------------------------------------------------------------------
# Segments and lines

# "(?<!\s)": a run of spaces is tried once, from its start (linear on long runs).
_SEGMENT = re.compile(r"(?<!\s)\s*[;|•·]\s*|(?<!\s)\s+[-–—]\s+")
_POSSESSIVE = re.compile(r"^(.{1,60}?)'s?\s+(?=[A-Z])")
_MAX_LINE = 300
_MAX_DATE_WORDS = 12
_COMMON_WORDS = frozenset("the a an and of for to in on at as with from".split())
_SIGNAL_STRIP = ".,;:()[]{}|'\"*_"
_BIO_REACH = 6  # words after "is" within which the bio noun must come


@dataclass
class _Parsed:
    authors: list[str] = field(default_factory=list)
    agencies: list[str] = field(default_factory=list)
    roles: list[Role] = field(default_factory=list)
    rules: list[str] = field(default_factory=list)
    signal: bool = False  # a prefix, role, title or agency: this is a credit line, not a name


def _segment(seg: str, out: _Parsed, strict: bool, lang: str | None) -> bool:
    """Read one segment into ``out``; False if it is not a credit (strict)."""
    voc = _vocab()
    # The contributor regex is searched from every position: test the last word first.
    m = voc.contributed.search(seg) if seg.rsplit(None, 1)[-1].lower().rstrip(".") in voc.contributed_ends else None
    if m:
        who = seg[: m.start()]
        pos = _POSSESSIVE.match(who)  # "Fox News' Jessica Napoli", "CNN's Jane Doe"
        if pos and canonical_agency(pos[1]) or pos and _org(pos[1]):
            who = who[pos.end():]
        credit = _names(who, strict)
        if credit is None:
            return False
        out.roles += [Role(n, "contributor") for n in credit.authors + credit.agencies]
        out.rules.append("contributed")
        out.signal = True
        return True
    # The role, prefix and contact regexes are long alternations: try them only when the
    # segment's first word opens one of their phrases.
    first = seg.split(None, 1)[0].lower()
    opens = first in voc.role_starts or first.partition(":")[0].partition(",")[0] in voc.role_starts
    m = voc.role.match(seg) if opens else None
    if m:
        role = voc.role_names[m.lastindex - 1] if m.lastindex else "contributor"
        credit = _names(seg[m.end():], strict)
        if credit is None:
            return False
        out.roles += [Role(n, role) for n in credit.authors + credit.agencies]
        out.rules.append("editing" if role == "editing" else "role")
        out.signal = True
        return True
    m = voc.prefix.match(seg) if opens else None
    if m:
        rest = seg[m.end():]
        credit = _names(rest, strict, min_words=2 if strict else 1)
        if credit is None:
            return False
        out.authors += credit.authors
        out.agencies += credit.agencies
        reporting = m[0].lower().startswith("report")
        out.rules.append("reporting" if reporting else "by-prefix")
        out.signal = True
        return True
    m = voc.contact.match(seg) if opens else None
    if m:
        at = _CONTACT_AT.search(seg)
        name = _person(seg[m.end(): at.start()]) if at else None
        if name is None:
            return False
        out.authors.append(name)
        out.rules.append("contact")
        out.signal = True
        return True
    credit = _names(seg, strict)
    if credit is None:
        return False
    out.authors += credit.authors
    out.agencies += credit.agencies
    out.signal = out.signal or credit.titled
    out.rules.append("names" if credit.authors else "agency-only")
    return True


_PAREN = re.compile(r"(?<!\s)\s*\(([^()]{0,80})\)")


def _paren(m: re.Match[str]) -> str:
    """An agency in brackets becomes a credit ("Jane Doe (Reuters)"); other asides go ("(R.J.)")."""
    return " | " + m[1] if canonical_agency(m[1]) else ""


def _glued_date(text: str, lang: str | None) -> bool:
    """A timestamp, or a month and day ("March 11"); not a bare "Today" ("USA TODAY")."""
    if find_date(text, lang=lang) is not None:
        return True
    found = parse_date_rules(text, lang=lang)
    return found is not None and found.rule == "month-name"


def _split_date(s: str, lang: str | None) -> tuple[str, str | None]:
    """Split a glued timestamp off the end (or start) of a byline line."""
    words = s.split()
    if not may_start_any(words[max(1, len(words) - _MAX_DATE_WORDS):], lang):
        tokens = []  # no word that can start a date: skip the match objects
    else:
        tokens = list(_TOKEN.finditer(s))
    # A glued timestamp is a dozen words at most, so only the last dozen tokens can start one.
    for m in tokens[max(1, len(tokens) - _MAX_DATE_WORDS):]:
        if not may_start_date(m[0], lang):
            continue
        if _glued_date(s[m.start():], lang):
            return s[: m.start()].rstrip(" ,|•·-–—"), s[m.start():]
    low = s.lower()
    at = low.find(" by ")
    if 0 < at and s.count(" ", 0, at) < _MAX_DATE_WORDS and _glued_date(s[:at], lang):
        return s[at + 1:], s[:at]  # "Tuesday 15 October 2019 by X"
    return s, None


def _rule(rules: list[str]) -> str:
    if "reporting" in rules and "editing" in rules:
        return "reporting-editing"
    for rule in ("contributed", "contact", "by-prefix", "reporting", "editing", "role"):
        if rule in rules:
            return rule
    if "names" in rules:
        return "name-credit"
    return "agency-only" if rules else "none"


def _dedupe(items: list) -> list:
    return list(dict.fromkeys(items)) if len(items) > 1 else list(items)


def _parse(text: str, lang: str | None, strict: bool) -> Byline | None:
    s = normalize(text)
    if s.startswith("(") and s.endswith(")"):
        s = s[1:-1].strip()
    if "(" in s:
        s = _PAREN.sub(_paren, s)
    s = s.rstrip(" ")
    if not s:
        return None
    s, date_text = _split_date(s, lang)
    out = _Parsed()
    separated = any(c in s for c in ";|•·") or any(d in s for d in (" -", " –", " —"))
    for seg in _SEGMENT.split(s) if separated else (s,):
        seg = _trim(seg)
        if not seg:
            continue
        if not _segment(seg, out, strict, lang) and strict:
            return None
    if not (out.authors or out.agencies or out.roles):
        return None
    agency_line = out.agencies and not out.authors and all(canonical_agency(a) for a in out.agencies)
    if strict and not out.signal and not agency_line:
        return None  # bare names ("Jane Doe", "Sports Desk") could be a heading or a caption
    return Byline(
        raw=text,
        authors=_dedupe(out.authors),
        agencies=_dedupe(out.agencies),
        roles=_dedupe(out.roles),
        date_text=date_text,
        rule=_rule(out.rules),
    )


# ---------------------------------------------------------------------------------------------
# Public API


def parse_byline(text: str, *, lang: str | None = None) -> Byline:
    """Parse a byline leniently: always returns, with empty lists when nothing is recognised.

    >>> parse_byline("By JOHN SMITH and JANE DOE Associated Press").authors
    ['John Smith', 'Jane Doe']
    >>> parse_byline("By [AFP](#)").names
    ['AFP']
    """
    found = _parse(text, lang, strict=True) or _parse(text, lang, strict=False)
    return found or Byline(raw=text)


def find_byline(line: str, *, lang: str | None = None) -> Byline | None:
    """The byline if the WHOLE line is a byline or credit line, else None (precision first).

    >>> find_byline("The Associated Press").names
    ['The Associated Press']
    >>> find_byline("By Thursday evening, over 78,300 people had left.") is None
    True
    """
    if len(line) > _MAX_LINE:
        return None
    # (An ASCII line has a capital when lowercasing changes it: one C call, not one per character.)
    upper = line != line.lower() if line.isascii() else any(c.isupper() for c in line)
    if not upper and canonical_agency(line) is None:
        return None  # names and prefixes need a capital; "dpa" and "epd" are the exceptions
    # A credit line has a signal (a prefix, role, title, contributor phrase or agency): a
    # line without any of their words is rejected before any parsing.
    tokens = [w.strip(_SIGNAL_STRIP) for w in line.lower().replace("\u2019", "'").split()]
    voc = _vocab()
    if not (set(tokens) & voc.signal_words or (tokens and tokens[0] in voc.lead_words)):
        return None
    return _parse(line, lang, strict=True)


def _bio_noun(word: str, voc: _Vocab) -> bool:
    low = word.lower().strip(",;:()").rstrip(".")
    return low in voc.bio_nouns or low.removesuffix("s") in voc.bio_nouns


def find_author_bio(line: str, *, lang: str | None = None) -> str | None:
    """The name if ``line`` is an author bio ("Jane Doe is a freelance journalist ..."), else None.

    >>> find_author_bio("Fin DePencier is a Canadian freelance journalist and photographer based in Yerevan.")
    'Fin DePencier'
    """
    if len(line) > 600:
        return None
    voc = _vocab()
    # Most lines have no bio verb among their first words: find that out on the raw words
    # before normalising the whole line (markup and quotes do not change the word count).
    if not any(w.lower().strip("*_") in voc.bio_verbs for w in line.split(None, 8)[:8]):
        return None
    words = normalize(line).split()
    for i, word in enumerate(words[:7]):
        if word.lower() in voc.bio_verbs:
            break
    else:
        return None
    name = _person(" ".join(words[:i]))
    if name is None:
        return None
    # "is a Canadian freelance journalist", "ist Redakteur": an article or the noun right after
    # the verb, and the noun within a few words ("is ideal for authors" is not a bio).
    after = words[i + 1 : i + 1 + _BIO_REACH]
    if not after or (after[0].lower() not in voc.bio_articles and not _bio_noun(after[0], voc)):
        return None
    for word in after:
        if _bio_noun(word, voc):
            return name
        if word.endswith(".") and len(word) > 3:
            break
    return None
