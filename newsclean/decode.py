"""Bytes to text: BOM, gzip, UTF-16 without BOM, UTF-8, a declared charset, then detection."""

from __future__ import annotations

import codecs
import gzip
import re
import zlib

from .errors import InputError

__all__ = ["decode_bytes", "gunzip", "MAX_GUNZIPPED"]

# A gzip member may not expand past this (a "zip bomb" stops with a clear error instead).
MAX_GUNZIPPED = 512 * 1024 * 1024
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_META_CHARSET = re.compile(rb"""<meta[^>]{0,200}?charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]{1,40})""", re.I)
# Encodings of non-Latin scripts that a detector's guess is trusted for; any other guess for
# single-byte text is a Latin code page, and cp1252 is by far the most common of those.
_NON_LATIN = re.compile(r"^(?:cp1251|cp1253|cp1255|cp1256|cp866|cp874|koi8_\w+|iso8859_[5678]|"
                        r"tis_620|shift_jis|cp932|euc_\w+|gb\w+|big5\w*|cp949|cp950|iso2022_\w+|utf_\w+)$")
# Control bytes that never occur in text (NUL and friends; tab, newlines and form feed are fine).
_BINARY = re.compile(rb"[\x00-\x08\x0e-\x1a\x1c-\x1f]")


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


def _declared(data: bytes) -> str | None:
    m = _META_CHARSET.search(data[:4096])
    if not m:
        return None
    try:
        return codecs.lookup(m.group(1).decode("ascii")).name
    except LookupError:
        return None


def _guess(data: bytes) -> str | None:
    from charset_normalizer import from_bytes  # imported here: only non-UTF-8 input needs it

    best = from_bytes(data[:65536]).best()
    return best.encoding if best is not None else None


def decode_bytes(data: bytes, source: str = "<bytes>") -> tuple[str, str, list[str]]:
    """Decode input bytes; return (text, encoding, warnings). Raise InputError if binary."""
    warnings: list[str] = []
    if data[:2] == b"\x1f\x8b":
        data = gunzip(data, source)
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(encoding), encoding, warnings
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
    encoding = _declared(data)
    if encoding is None:
        guess = _guess(data)
        trusted = guess and _NON_LATIN.match(codecs.lookup(guess).name.replace("-", "_"))
        encoding = guess if trusted else "cp1252"
    try:
        return data.decode(encoding), encoding, warnings
    except UnicodeDecodeError:
        warnings.append(f"bytes undecodable as {encoding}; decoded as latin-1")
        return data.decode("latin-1"), "latin-1", warnings
