"""``clean()`` and ``clean_file()``: the whole job, from input to :class:`Article`."""

from __future__ import annotations

import gc
import os
import re
from dataclasses import replace
from typing import Any, Iterable

from newsclean.article import Article, Removal
from newsclean.detect.clutter import find_clutter, rulebook
from newsclean.text.encoding import bom_encoding, codec_name, declared_charset, decode_bytes, gunzip, plain_text
from newsclean.detect.registry import DETECTORS, Finding
from newsclean.errors import InputError, InputTypeError, MissingInputError
from newsclean.options import KINDS, Options
from newsclean.text.language import choose, primary
from newsclean.detect.scan import Metadata, merge_metadata, meta_fields, scan_metadata
from newsclean.detect.patterns import RuleBook
from newsclean.detect.user_rules import joined_book
from newsclean.text.markup import BodyMarkup, markdown_line
from newsclean.text.pieces import Piece, pieces
from newsclean.text.lines import Document, Line, split_lines
from newsclean.detect.wordlists import languages

__all__ = ["clean", "clean_document", "clean_text", "clean_file", "clean_bytes", "decode_file", "detect_kind",
           "KINDS"]

_PAUSE_COLLECTOR_ABOVE = 256 * 1024  # characters
_MODEL_PASSES = 4  # line scorer, then the metadata scan again, until neither changes
_MODEL_MAX_CHARS = 128 * 1024  # longer texts are cleaned in pieces (text/pieces.py), without the scorer
_HTML_SNIFF = re.compile(rb"^\s*(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|meta|body)\b", re.I | re.S)


def detect_kind(source: str) -> str:
    """``"html"`` when the content is an HTML page, else ``"text"`` (markdown is text)."""
    from newsclean.html import looks_like_html  # the HTML stack loads only when asked about

    return "html" if looks_like_html(source) else "text"


def _langs(lang: str | None) -> tuple[str, ...]:
    # English clutter is common on sites in every language, so English rules always run.
    code = primary(lang)
    if code and code != "en" and code in languages():
        return ("en", code)
    return ("en",)


def _image_lines(doc: Document, disabled: frozenset[str]) -> list[Finding]:
    """Markdown image lines with no text left after unwrapping (``![](photo.jpg)``)."""
    if "image" in disabled:
        return []
    # Only an image: a line of markup alone (a lone ">" between quoted paragraphs) is a blank line.
    return [Finding(i, 0, 0, "image", "image", "markdown image without alt text", code="image.no-alt")
            for i, line in enumerate(doc.lines) if not line.text and "![" in line.raw]


def _line_model(doc: Document, findings: list[Finding], favor: str) -> list[Finding]:
    """The line scorer's removals (the registry imports it on first use: it brings numpy and
    its model file)."""
    return DETECTORS["line-model"].run(doc, findings, None if favor == "balanced" else favor)


def _removal(doc: Document, f: Finding) -> Removal:
    line = doc.lines[f.index]
    whole = f.start == 0 and f.end == len(line.text)
    text = line.raw.strip() if not line.text else line.text[f.start:f.end].strip()
    return Removal(f.category, text, line.number, f.detector, f.reason,
                   None if whole else f.start, None if whole else f.end, code=f.code, score=f.score)


def _remainders(doc: Document, found: dict[int, list[Finding]]) -> tuple[Document, dict[int, int]]:
    """The document as the metadata pass should see it: a line that clutter cut at an edge is
    what is left of it ("Tens of thousands flee the region" without its glued app promo), so
    that a second cleaning, which sees only that, reaches the same verdict. Returns the view
    and, for each such line, where its rest starts in the original line."""
    lines = list(doc.lines)
    shift: dict[int, int] = {}
    for i, cuts in found.items():
        line = doc.lines[i]
        start, end = 0, len(line.text)
        for f in cuts:
            if f.start <= start:
                start = max(start, f.end)
            elif f.end >= end:
                end = min(end, f.start)
        if start == 0 and end == len(line.text) or start >= end:
            continue  # not cut, or cut whole
        rest = line.text[start:end]
        lead = len(rest) - len(rest.lstrip())
        rest = rest.strip()
        at = start + lead
        lines[i] = Line(line.number, line.raw, rest, line.low[at:at + len(rest)], line.heading, line.list_item)
        shift[i] = at
    return (Document(lines, doc.low, doc.starts, doc.code), shift) if shift else (doc, shift)


def _body(doc: Document, cut: dict[int, list[Finding]], kept: list[tuple[Line, str]] | None = None) -> str:
    """Kept text, one paragraph a line; adjacent list items stay together in one paragraph,
    and so do the lines of a code block.
    Each kept line and its kept text are added to ``kept`` (for the markdown of the body)."""
    paragraphs: list[list[str]] = []  # lines of each paragraph, joined once at the end
    previous_item = -2
    for i, line in enumerate(doc.lines):
        if not line.text:
            continue
        text = line.text
        if i in cut:
            for f in sorted(cut[i], key=lambda f: f.start, reverse=True):
                text = text[:f.start] + text[f.end:]
            text = " ".join(text.split())
            if not text:
                continue
        if (line.list_item or line.code) and previous_item == i - 1 and paragraphs \
                and doc.lines[i - 1].code == line.code:
            paragraphs[-1].append(text)  # not "+=" on a str: quadratic over a long list
        else:
            paragraphs.append([text])
        if kept is not None:
            kept.append((line, text))
        previous_item = i if line.list_item or line.code else -2
    return "\n\n".join(map("\n".join, paragraphs))


def clean_text(text: str, *, lang: str | None = None, disable: Iterable[str] = (),
               options: Options | None = None, markdown: bool = True, markup: list[str] | None = None) -> Article:
    """Clean extracted article text (markdown, or plain text with ``markdown=False``).
    ``markup`` is the markdown of each line of ``text`` when it is not the text itself (an HTML
    page's tables and links): ``to_markdown()`` renders the kept lines from it."""
    options = Options.of(options, lang=lang, disable=disable)
    book = rulebook(_langs(options.lang), options.disabled)
    if options.rules is not None and "user-rules" not in options.disabled:
        book = joined_book(book, options.rules)
    if len(text) < _PAUSE_COLLECTOR_ABOVE or not gc.isenabled():
        return _clean_text(text, options.lang, options.disabled, markdown, book, markup, options.favor)
    # A large input makes hundreds of thousands of line objects and no reference cycles
    # (tested): the cyclic collector's full passes over them found nothing and cost ~15% of
    # the time, growing faster than the input. Paused for this call only.
    gc.disable()
    try:
        return _clean_text(text, options.lang, options.disabled, markdown, book, markup, options.favor)
    finally:
        gc.enable()


def _clean_text(text: str, lang: str | None, disabled: frozenset[str], markdown: bool, book: RuleBook,
                markup: list[str] | None, favor: str) -> Article:
    langs = _langs(lang)
    bodies: list[str] = []
    removed: list[Removal] = []
    everywhere: list[Metadata] = []
    edges: list[Metadata] = []
    marked = BodyMarkup()
    for piece in pieces(text):
        body, gone, found_everywhere, found_at_edges = _clean_piece(piece, book, langs, lang, disabled, markdown,
                                                                    marked, markup, favor)
        if body:
            bodies.append(body)
        removed += gone
        everywhere.append(found_everywhere)
        edges.append(found_at_edges)
    # The order of a single scan: every line first, then the top, then the bottom.
    meta = merge_metadata(everywhere + edges)
    article = Article(body="\n\n".join(bodies), removed=removed, language=lang, **meta_fields(meta))
    article.markup = marked
    if not text or text.isspace():
        article.warnings.append("empty input")
    return article


def _clean_piece(piece: Piece, book: RuleBook, langs: tuple[str, ...], lang: str | None,
                 disabled: frozenset[str], markdown: bool, marked: BodyMarkup,
                 markup: list[str] | None, favor: str) -> tuple[str, list[Removal], Metadata, Metadata]:
    """Body, removals and metadata of one piece of the text (the whole of a normal one); the
    kept lines and their markdown are added to ``marked``."""
    doc = split_lines(piece.text, piece.first_line, markdown=markdown)
    found = find_clutter(doc, book, langs)
    # A fenced code block is kept as written: no rule reads its lines, no field takes them.
    code = doc.code
    if code:
        found = {i: fs for i, fs in found.items() if i not in code}
    kept = [i for i, line in enumerate(doc.lines)
            if line.text and i not in code
            and not (i in found and found[i][0].start == 0 and found[i][-1].end == len(line.text))]
    view, shift = _remainders(doc, found)

    def metadata(lines: list[int]) -> tuple[Metadata, Metadata, list[Finding]]:
        everywhere, edges = scan_metadata(view, lines, lang or "en", disabled, top=piece.first, bottom=piece.last)
        meta_findings = everywhere.findings + edges.findings
        for n, f in enumerate(meta_findings):
            if f.index in shift:
                meta_findings[n] = f._replace(start=f.start + shift[f.index], end=f.end + shift[f.index])
        return everywhere, edges, meta_findings

    everywhere, edges, meta_findings = metadata(kept)
    rules = [f for fs in found.values() for f in fs] + (_image_lines(doc, disabled) if markdown else [])
    findings = rules + meta_findings
    if "line-model" not in disabled and len(piece.text) <= _MODEL_MAX_CHARS and piece.first and piece.last:
        # What no word list names. Only in a text of one piece: the scorer reads the whole
        # text, which pieces would not give it the same way twice. The metadata scan then reads
        # what the scorer left, as a second cleaning would (a headline below a removed menu is
        # the first line now), and the scorer runs again if that changed what it sees.
        scored: list[Finding] = []
        for _ in range(_MODEL_PASSES):
            new = _line_model(doc, rules + meta_findings + scored, favor)
            if not new:
                break
            scored += new
            gone = {f.index for f in scored}
            everywhere, edges, again = metadata([i for i in kept if i not in gone])
            if again == meta_findings:
                break
            meta_findings = again
        findings = rules + meta_findings + scored
    findings.sort(key=lambda f: (f.index, f.start))
    cut: dict[int, list[Finding]] = {}
    for f in findings:
        cut.setdefault(f.index, []).append(f)
    kept_lines: list[tuple[Line, str]] = []
    body = _body(doc, cut, kept_lines)
    for line, text in kept_lines:
        marked.add(text, markdown_line(line, text, markup, markdown))
    return body, [_removal(doc, f) for f in findings], everywhere, edges


def clean(source: Any, *, kind: str | None = None, url: str | None = None, lang: str | None = None,
          disable: Iterable[str] = (), favor: str | None = None, options: Options | None = None) -> Article:
    """Clean one document: extracted text, markdown, or a raw HTML page (detected from content).

    ``source`` is a ``str``; ``bytes`` (decoded as a file is: BOM, declared charset, detection;
    gzip allowed); a BeautifulSoup object; or an lxml element or tree (both HTML). ``kind``
    forces ``"text"`` (plain text: no markdown unwrapping), ``"markdown"`` or ``"html"``;
    ``url`` fills ``source_url``; ``lang`` adds that language's word lists to English (without
    it, the language is detected from the text, else taken from the HTML page: see
    :mod:`newsclean.text.language`); ``disable`` names detectors to skip; ``favor`` moves the
    line scorer's threshold. ``options=`` passes all of them as one :class:`Options`.
    """
    return clean_document(source, "<document>", url=url,
                          options=Options.of(options, kind=kind, lang=lang, disable=disable, favor=favor))


def clean_document(source: Any, name: str, *, url: str | None = None, options: Options,
                   charset: str | None = None) -> Article:
    """:func:`clean` with the options made: the shared path of every input; ``name`` is used in
    errors; ``charset`` is the one HTTP gave for bytes of HTML (see :func:`decode_file`)."""
    text, kind, warnings = _as_text(source, name, options.kind, charset)
    if kind == "html":
        from newsclean.html import apply_page, extract_page

        page = extract_page(text, url=url, disable=options.disabled, favor=options.favor, rules=options.rules,
                            links=options.links)
        lang = choose(options.lang, page.language, page.text)
        site = url or next((c.value for c in page.values("source_url")), None)
        article = clean_text(page.text, markup=page.markup, options=replace(
            options, kind="markdown", lang=lang, rules=options.rules and options.rules.for_url(site)))
        article = apply_page(article, page, url=url, disable=options.disabled)
    else:
        text, fixed = plain_text(text)
        warnings = warnings + fixed
        lang = choose(options.lang, None, text)
        rules = options.rules and options.rules.for_url(url)
        article = clean_text(text, options=replace(options, lang=lang, rules=rules), markdown=kind != "text")
    if url:
        article.source_url = url
    if warnings:
        article.warnings[:0] = warnings
    return article


def _as_text(source: Any, name: str, kind: str | None, charset: str | None = None) -> tuple[str, str, list[str]]:
    """(text, kind, warnings) of any document ``clean()`` takes."""
    if isinstance(source, str):
        return source, kind or ("html" if detect_kind(source) == "html" else "markdown"), []
    if isinstance(source, (bytes, bytearray, memoryview)):
        data = bytes(source)
        if data[:2] == b"\x1f\x8b":
            data = gunzip(data, name)
        return decode_file(data, name, kind, charset)
    module = type(source).__module__.split(".")[0]
    if module == "bs4":  # a BeautifulSoup document or a tag of one: its markup
        return str(source), kind or "html", []
    if module == "lxml":
        from lxml import etree

        root = source.getroot() if hasattr(source, "getroot") else source
        if root is None:
            return "", kind or "html", []
        return etree.tostring(root, encoding="unicode", method="html"), kind or "html", []
    raise InputTypeError(name, f"clean() takes str, bytes, a BeautifulSoup object or an lxml tree, "
                               f"not {type(source).__name__}; use clean_file() for a path")


def _read(path: str | os.PathLike[str]) -> bytes:
    name = os.fspath(path)
    try:
        if os.path.isdir(name):
            raise InputError(name, "is a directory")
        with open(name, "rb") as handle:
            return handle.read()
    except InputError:
        raise
    except FileNotFoundError:
        raise MissingInputError(name) from None
    except PermissionError:
        raise InputError(name, "permission denied") from None
    except OSError as exc:
        raise InputError(name, exc.strerror or str(exc)) from None


def decode_file(data: bytes, name: str, kind: str | None = None, charset: str | None = None
                ) -> tuple[str, str, list[str]]:
    """Bytes of a file to (text, kind, warnings): HTML through its own charset rules, where
    ``charset`` (the HTTP header's, when known) comes before a guess."""
    if kind == "html" or (kind is None and _HTML_SNIFF.match(data[:2048].lstrip(b"\xef\xbb\xbf"))):
        from newsclean.html import decode_html

        try:
            text, encoding = decode_html(data, charset)
        except (UnicodeDecodeError, LookupError, ValueError) as exc:
            raise InputError(name, f"cannot decode HTML ({exc})") from None
        declared = declared_charset(data)
        warnings = []
        if declared and codec_name(encoding) != declared and not bom_encoding(data):
            warnings.append(f"the page declares {declared}, which does not fit its bytes; decoded as {encoding}")
        return text, "html", warnings
    text, _encoding, warnings = decode_bytes(data, name)
    return text, kind or ("html" if text and detect_kind(text) == "html" else "markdown"), warnings


def clean_bytes(data: bytes, name: str, *, kind: str | None = None, url: str | None = None,
                lang: str | None = None, disable: Iterable[str] = (), favor: str | None = None,
                options: Options | None = None) -> Article:
    """Clean the bytes of a file (any encoding, gzip allowed); ``name`` is used in errors."""
    return clean_document(data, name, url=url,
                          options=Options.of(options, kind=kind, lang=lang, disable=disable, favor=favor))


def clean_file(path: str | os.PathLike[str], *, kind: str | None = None, url: str | None = None,
               lang: str | None = None, disable: Iterable[str] = (), favor: str | None = None,
               options: Options | None = None) -> Article:
    """Read a file (any encoding, gzip allowed), detect its kind, and clean it.

    A missing file raises :class:`~newsclean.errors.MissingInputError` (an ``InputError`` and a
    ``FileNotFoundError``); any other unreadable file an :class:`~newsclean.errors.InputError`."""
    name = os.fspath(path)
    options = Options.of(options, kind=kind, lang=lang, disable=disable, favor=favor)
    return clean_document(_read(name), name, url=url, options=options)
