"""Parse HTML safely: no network, no external entities, bounded depth, no control characters."""

from __future__ import annotations

import re
import sys
from contextlib import suppress
from dataclasses import dataclass, field

import lxml.html
from lxml import etree

from newsclean.text.encoding import CONTROL, replace_controls

__all__ = ["ParsedHTML", "parse_html", "LINE_CAP", "MAX_CHARS"]

# Pages above this size are cut (with a warning) rather than parsed whole: 20 MB pages still
# parse, but anything bigger is almost surely not a single article.
MAX_CHARS = 25_000_000
# Every byte of UTF-8 but the control characters (CONTROL) and 0xC2, the lead byte of U+0080-U+00BF (C1 controls
# are 0xC2 0x80-0x9F): deleting them leaves nothing when the page holds no control character.
_NOT_CONTROL_BYTES = bytes(b for b in range(256) if b != 0xC2 and (b >= 0x80 or not CONTROL.match(chr(b))))
_C1_UTF8 = re.compile(b"\xc2[\x80-\x9f]")
_XML_DECL = re.compile(r"^\s*<\?xml[^>]*\?>", re.IGNORECASE)
# libxml2 keeps source line numbers in 16 bits: an element's ``sourceline`` stops at 65,535, and
# from that line on it is not known.
LINE_CAP = 65535


class _Disposable:
    """Mixed into the root of a tree that its one user may take apart: a deep copy of it is
    the tree itself. htmldate deep-copies the tree it is given (the whole page, once more)
    before pruning the copy; a tree parsed for it alone is pruned in place instead."""

    def __deepcopy__(self, memo: dict[int, object]) -> _Disposable:
        return self


class _HandedOver:
    """Mixed into the root of an ordinary parse. trafilatura's ``bare_extraction`` copies the
    tree it is given, so as not to change its caller's; the pipeline never uses its tree after
    the extraction, so that one copy is the tree itself (0.85 ms per page and a whole tree of
    memory). Every other copy, trafilatura's own working copies included, is a real one."""

    def __copy__(self) -> lxml.html.HtmlElement:
        core = sys.modules.get("trafilatura.core")
        if core is not None and _caller_of_copy() is getattr(core.bare_extraction, "__code__", None):
            return self
        return super().__copy__()  # type: ignore[misc]


def _caller_of_copy() -> object:
    """The code that called ``copy.copy()`` (frames: this <- __copy__ <- copy.copy <- caller)."""
    try:
        return sys._getframe(3).f_code
    except ValueError:  # __copy__ called directly from the outermost frame
        return None


def _lookup(root_mixin: type) -> etree.ElementNamespaceClassLookup:
    """lxml.html's element classes (forms, inputs… get theirs), chosen by tag name in C.

    ``HtmlElementClassLookup`` does the same in a Python method called for every element
    proxy lxml makes, in our code and in trafilatura's: about 5% of an HTML page's time. The
    root ``<html>`` gets ``root_mixin`` mixed in."""
    lookup = etree.ElementNamespaceClassLookup(etree.ElementDefaultClassLookup(
        element=lxml.html.HtmlElement, comment=lxml.html.HtmlComment, pi=lxml.html.HtmlProcessingInstruction,
        entity=lxml.html.HtmlEntity))
    names = lookup.get_namespace(None)
    for tag, cls in lxml.html.HtmlElementClassLookup._default_element_classes.items():
        names[tag] = cls
    names["html"] = type(f"{root_mixin.__name__.strip('_')}HtmlElement", (root_mixin, lxml.html.HtmlElement), {})
    return lookup


# The root's class, by ``disposable``: built once, and read-only, so parsers in any thread can
# share them.
_ROOT_LOOKUP = {False: _lookup(_HandedOver), True: _lookup(_Disposable)}


# libxml2's HTML parser never loads DTDs or external entities; ``no_network`` and
# ``huge_tree=False`` keep it from fetching anything and cap depth at 256 levels.
# A new parser per call: lxml parsers are not safe to share between threads. The text goes to
# it as UTF-8 bytes (parsing a str costs lxml a conversion of its own, ~15% of the parse).
def _parser(encoding: str | None = None, disposable: bool = False) -> lxml.html.HTMLParser:
    parser = lxml.html.HTMLParser(
        collect_ids=False,
        default_doctype=False,
        remove_comments=True,
        remove_pis=True,
        no_network=True,
        huge_tree=False,
        encoding=encoding,
    )
    # The root is <html> (libxml2 adds one when the page has none); any other root would
    # simply be copied, as before.
    parser.set_element_class_lookup(_ROOT_LOOKUP[disposable])
    return parser


def _has_controls(data: bytes) -> bool:
    """True if UTF-8 ``data`` holds a character that CONTROL matches. Byte deletion runs at
    C speed; the regex over the text costs ~4x more on a page that has none (nearly all)."""
    rest = data.translate(None, _NOT_CONTROL_BYTES)
    return bool(rest) and bool(rest.strip(b"\xc2") or _C1_UTF8.search(data))


@dataclass
class ParsedHTML:
    """The parsed tree (``None`` when nothing could be parsed) and what went wrong on the way."""

    tree: lxml.html.HtmlElement | None
    warnings: list[str] = field(default_factory=list)


def parse_html(html: str, *, disposable: bool = False) -> ParsedHTML:
    """Parse ``html`` into an lxml tree; never raises on malformed input.

    ``disposable``: the tree is for one consumer that may take it apart, so ``copy.deepcopy``
    of its root returns the root itself (see :class:`_Disposable`).
    """
    warnings: list[str] = []
    if len(html) > MAX_CHARS:
        warnings.append(f"page is {len(html):,} characters; only the first {MAX_CHARS:,} were parsed")
        html = html[:MAX_CHARS]
    try:
        data: bytes | None = html.encode("utf-8")
    except UnicodeEncodeError:  # lone surrogates: lxml is given the str and says what it makes of it
        data = None
    if data is None or _has_controls(data):
        html, replaced = replace_controls(html)
        if replaced:
            warnings += replaced
            data = None
    # lxml refuses str input that carries an XML encoding declaration; the text is decoded already.
    stripped = _XML_DECL.sub("", html, count=1).lstrip("\ufeff")
    if len(stripped) != len(html):
        # Both remove a prefix: drop its bytes rather than encode the page again.
        cut = len(html) - len(stripped)
        if data is not None:
            data = data[len(html[:cut].encode("utf-8")):]
        html = stripped
    if not html or html.isspace():
        return ParsedHTML(None, warnings + ["empty page"])
    if data is None:  # control characters replaced, or lone surrogates
        with suppress(UnicodeEncodeError):
            data = html.encode("utf-8")
    parser = _parser("utf-8" if data is not None else None, disposable)
    try:
        tree = lxml.html.document_fromstring(data if data is not None else html, parser=parser)
    except (etree.ParserError, ValueError) as err:
        return ParsedHTML(None, warnings + [f"HTML could not be parsed: {err}"])
    for entry in parser.error_log:
        if entry.type_name == "ERR_RESOURCE_LIMIT" or "Excessive depth" in entry.message:
            warnings.append("markup is nested deeper than 255 levels; content below that depth was dropped")
            break
    return ParsedHTML(tree, warnings)
