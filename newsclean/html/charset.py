"""Turn HTML bytes into text: BOM first, then the page's own charset declaration, then detection."""

from __future__ import annotations

from newsclean.text.encoding import bom_encoding, codec_name, declared_charset

__all__ = ["decode_html"]


def decode_html(data: bytes) -> tuple[str, str]:
    """Decode an HTML page; return ``(text, encoding)``.

    Order: byte-order mark, then ``<meta charset>`` / http-equiv in the first 4 KB, then
    strict UTF-8, then charset-normalizer's guess. A declared charset that does not fit the
    bytes is ignored (pages often lie); the last resort decodes UTF-8 with replacement
    characters so that decoding never fails.
    """
    marked = bom_encoding(data)
    if marked:
        name, skip = marked
        return data[skip:].decode(name, errors="replace"), name.replace("-le", "").replace("-be", "")
    declared = declared_charset(data)
    tried = []
    for candidate in (declared, "utf-8"):
        if candidate and candidate not in tried:
            name = candidate
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
        name = codec_name(best.encoding) or "utf-8"
        return data.decode(name, errors="replace"), name
    return data.decode("utf-8", errors="replace"), "utf-8"
