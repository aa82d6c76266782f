"""Bytes to text: BOM, gzip, UTF-16 without BOM, UTF-8, a declared charset, then detection."""

from __future__ import annotations

import codecs
import re
import zlib

from newsclean.errors import InputError

__all__ = ["decode_bytes", "gunzip", "bom_encoding", "declared_charset", "codec_name", "plain_text", "replace_controls",
           "without_invisible", "CONTROL", "MAX_GUNZIPPED"]

# A gzip member may not expand past this (a "zip bomb" stops with a clear error instead).
MAX_GUNZIPPED = 512 * 1024 * 1024
# Byte-order marks, longest first (the UTF-32 LE mark starts with the UTF-16 LE one).
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
# Both <meta charset="x"> and <meta http-equiv="Content-Type" content="text/html; charset=x">.
_META_CHARSET = re.compile(rb"<meta[^>]{0,500}?charset\s*=\s*[\"']?\s*([A-Za-z0-9_.:-]{1,40})", re.I)
# Browsers decode these labels as windows-1252 (WHATWG Encoding Standard); so do we.
_ALIASES = {"iso8859-1": "cp1252", "latin-1": "cp1252", "ascii": "cp1252"}
# A page that declares a UTF-16/32 charset but has no BOM is ASCII-compatible in practice.
_IGNORED_DECLARED = {"utf-16", "utf-16-le", "utf-16-be", "utf-32", "utf-32-le", "utf-32-be"}
# Encodings of non-Latin scripts that a detector's guess is trusted for; any other guess for
# single-byte text is a Latin code page, and cp1252 is by far the most common of those.
_NON_LATIN = re.compile(r"^(?:cp1251|cp1253|cp1255|cp1256|cp866|cp874|koi8_\w+|iso8859_[5678]|"
                        r"tis_620|shift_jis|cp932|euc_\w+|gb\w+|big5\w*|cp949|cp950|iso2022_\w+|utf_\w+)$")
# Control bytes that never occur in text (NUL and friends; tab, newlines and form feed are fine).
_BINARY = re.compile(rb"[\x00-\x08\x0e-\x1a\x1c-\x1f]")


# Invisible characters that only mark where a word may break or must not: a soft hyphen
# (German pages write "Bundes&shy;regierung"), a zero-width space, a word joiner, a zero-width
# no-break space. Inside a word they split it for every reader but the eye (search, tokenizers).
# Zero-width joiners and non-joiners stay: emoji and Persian, Indic scripts need them.
_INVISIBLE_MARKS = "\u00ad\u200b\u2060\ufeff"
_INVISIBLE = dict.fromkeys(map(ord, _INVISIBLE_MARKS))


def without_invisible(text: str) -> str:
    """``text`` without soft hyphens, zero-width spaces, word joiners and zero-width no-break spaces."""
    # Four substring searches run at memory speed; a translation builds a new string.
    if text.isascii() or not any(mark in text for mark in _INVISIBLE_MARKS):
        return text
    return text.translate(_INVISIBLE)


# C0 controls but tab, line feed and carriage return; DEL; C1 controls. In a text they are junk
# (a NUL from a bad export, a terminal's escape sequence) that no reader sees and that breaks
# what reads the output; in a page they break libxml2 too.
CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\x80-\x9f]")


def replace_controls(text: str) -> tuple[str, list[str]]:
    """``text`` with its control characters (:data:`CONTROL`) replaced by spaces, and the
    warning that says how many were (none when there were none)."""
    if CONTROL.search(text) is None:
        return text, []
    text, count = CONTROL.subn(" ", text)
    return text, [f"replaced {count} control character(s) with spaces"]


def plain_text(text: str) -> tuple[str, list[str]]:
    """A text input without invisible word-break marks (:func:`without_invisible`, a leading
    byte-order mark among them) and with control characters replaced by spaces
    (:func:`replace_controls`), and the warning that says how many were replaced."""
    return replace_controls(without_invisible(text))


def gunzip(data: bytes, source: str) -> bytes:
    """Decompress gzip data, with a clear error when it is truncated, corrupt or too big."""
    out = zlib.decompressobj(16 + zlib.MAX_WBITS)
    try:
        result = out.decompress(data, MAX_GUNZIPPED)
    except zlib.error as exc:
        raise InputError(source, f"corrupt gzip data ({exc})") from None
    if out.unconsumed_tail:
        raise InputError(source, f"gzip data expands past {MAX_GUNZIPPED // 2**20} MB")
    if not out.eof:
        raise InputError(source, "truncated gzip data")
    return result


def _utf16_without_bom(data: bytes) -> str | None:
    head = data[:4096]
    if len(head) < 4:
        return None
    even = head[0::2].count(0) / (len(head) / 2)
    odd = head[1::2].count(0) / (len(head) / 2)
    if odd > 0.3 and even < 0.05:
        return "utf-16-le"
    if even > 0.3 and odd < 0.05:
        return "utf-16-be"
    return None


def codec_name(label: str) -> str | None:
    """Python's codec for an encoding label, with the WHATWG aliases; None if unknown."""
    try:
        name = codecs.lookup(label.strip().lower()).name
    except LookupError:
        return None
    return _ALIASES.get(name, name)


def bom_encoding(data: bytes) -> tuple[str, int] | None:
    """(encoding, length of the mark) when the data starts with a byte-order mark."""
    for bom, name in _BOMS:
        if data.startswith(bom):
            return name, len(bom)
    return None


def declared_charset(data: bytes) -> str | None:
    """The charset a page declares in a ``<meta>`` tag within its first 4 KB, if usable."""
    m = _META_CHARSET.search(data[:4096])
    if not m:
        return None
    name = codec_name(m.group(1).decode("ascii", "ignore"))
    return None if name in _IGNORED_DECLARED else name


def _guess(data: bytes) -> str | None:
    from charset_normalizer import from_bytes  # imported here: only non-UTF-8 input needs it

    best = from_bytes(data[:65536]).best()
    return best.encoding if best is not None else None


def decode_bytes(data: bytes, source: str = "<bytes>") -> tuple[str, str, list[str]]:
    """Decode input bytes; return (text, encoding, warnings). Raise InputError if binary."""
    warnings: list[str] = []
    if data[:2] == b"\x1f\x8b":
        data = gunzip(data, source)
    marked = bom_encoding(data)
    if marked:
        encoding, skip = marked
        try:
            return data[skip:].decode(encoding), encoding, warnings
        except UnicodeDecodeError as exc:
            raise InputError(source, f"invalid {encoding} after its byte-order mark ({exc.reason})") from None
    if not data:
        return "", "utf-8", warnings
    wide = _utf16_without_bom(data)
    if wide:
        try:
            return data.decode(wide), wide, [f"no byte-order mark; decoded as {wide}"]
        except UnicodeDecodeError:
            pass
    head = data[:8192]
    if b"\x00" in head or len(_BINARY.findall(head)) > len(head) // 20:
        raise InputError(source, "binary file (NUL or control bytes), not text or HTML")
    try:
        return data.decode("utf-8"), "utf-8", warnings
    except UnicodeDecodeError:
        pass
    declared = declared_charset(data)
    if declared is not None:
        encoding = declared
    else:
        guess = _guess(data)
        trusted = guess and _NON_LATIN.match(codecs.lookup(guess).name.replace("-", "_"))
        encoding = guess if guess and trusted else "cp1252"
    try:
        return data.decode(encoding), encoding, warnings
    except UnicodeDecodeError:
        warnings.append(f"bytes undecodable as {encoding}; decoded as latin-1")
        return data.decode("latin-1"), "latin-1", warnings
