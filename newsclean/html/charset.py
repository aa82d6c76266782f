"""Turn HTML bytes into text: BOM first, then the page's own charset declaration, then detection."""

from __future__ import annotations

from newsclean.text.encoding import bom_encoding, codec_name, declared_charset

__all__ = ["decode_html"]


def decode_html(data: bytes, transport: str | None = None) -> tuple[str, str]:
    """Decode an HTML page; return ``(text, encoding)``.

    Order: byte-order mark, then ``<meta charset>`` / http-equiv in the first 4 KB, then
    strict UTF-8, then ``transport`` (the charset of the HTTP ``Content-Type`` the page was
    served with, when known: a WARC record's), then charset-normalizer's guess. A declared
    charset that does not fit the bytes is ignored (pages often lie); the last resort decodes
    UTF-8 with replacement characters so that decoding never fails.

    The HTTP charset comes after the page's own declaration and after UTF-8, unlike in a
    browser: a server's default ("ISO-8859-1" for every page) is wrong more often than a page
    that declares itself, and valid UTF-8 is almost never text in another encoding. Before the
    guess it wins: on a short page the guess is often another code page of the same script
    (French windows-1252 read as cp1257).
    """
    marked = bom_encoding(data)
    if marked:
        name, skip = marked
        return data[skip:].decode(name, errors="replace"), name.replace("-le", "").replace("-be", "")
    declared = declared_charset(data)
    tried = []
    for candidate in (declared, "utf-8", transport and codec_name(transport)):
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
