"""Turn HTML bytes into text: BOM first, then the page's own charset declaration, then detection."""

from __future__ import annotations

import codecs
import re

__all__ = ["decode_html"]

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


def _codec(label: str) -> str | None:
    try:
        name = codecs.lookup(label.strip().lower()).name
    except LookupError:
        return None
    return _ALIASES.get(name, name)


def _declared(data: bytes) -> str | None:
    match = _META_CHARSET.search(data[:4096])
    if not match:
        return None
    name = _codec(match.group(1).decode("ascii", "ignore"))
    return None if name in _IGNORED_DECLARED else name


def decode_html(data: bytes) -> tuple[str, str]:
    """Decode an HTML page; return ``(text, encoding)``.

    Order: byte-order mark, then ``<meta charset>`` / http-equiv in the first 4 KB, then
    strict UTF-8, then charset-normalizer's guess. A declared charset that does not fit the
    bytes is ignored (pages often lie); the last resort decodes UTF-8 with replacement
    characters so that decoding never fails.
    """
    for bom, name in _BOMS:
        if data.startswith(bom):
            return data[len(bom):].decode(name, errors="replace"), name.replace("-le", "").replace("-be", "")
    declared = _declared(data)
    tried = []
    for name in (declared, "utf-8"):
        if name and name not in tried:
            tried.append(name)
            try:
                return data.decode(name), name
            except UnicodeDecodeError:
                pass
    try:
        from charset_normalizer import from_bytes
    except ImportError:  # pragma: no cover - charset-normalizer is a dependency
        best = None
    else:
        best = from_bytes(data[:200_000]).best()
    if best is not None:
        name = _codec(best.encoding) or "utf-8"
        return data.decode(name, errors="replace"), name
    return data.decode("utf-8", errors="replace"), "utf-8"
