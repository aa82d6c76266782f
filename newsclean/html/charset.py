"""Turn HTML bytes into text: BOM first, then the page's own charset declaration, then detection."""

from __future__ import annotations

import re
from functools import lru_cache

from newsclean.text.encoding import bom_encoding, codec_name, declared_charset

__all__ = ["decode_html", "language_codepages"]

# <html lang="fr-CA">: the language part, in the first 4 KB (bounded: no run-away scan).
_HTML_LANG = re.compile(rb"<html\b[^>]{0,1000}?\blang\s*=\s*[\"']?([A-Za-z]{2,3})\b", re.I)


@lru_cache(maxsize=1)
def _legacy() -> dict[str, tuple[str, ...]]:
    from newsclean.detect.wordlists import read_list

    return {lang: tuple(pages.split()) for lang, pages in
            (entry.split("\t") for entry in read_list("common/legacy-charsets.tsv"))}


def language_codepages(data: bytes) -> tuple[str, ...]:
    """The legacy code pages of the language the page declares (``<html lang>``), if any:
    ``data/common/legacy-charsets.tsv``."""
    m = _HTML_LANG.search(data[:4096])
    return _legacy().get(m.group(1).decode("ascii").lower(), ()) if m else ()


def decode_html(data: bytes, transport: str | None = None) -> tuple[str, str]:
    """Decode an HTML page; return ``(text, encoding)``.

    Order: byte-order mark, then ``<meta charset>`` / http-equiv in the first 4 KB, then
    strict UTF-8, then ``transport`` (the charset of the HTTP ``Content-Type`` the page was
    served with, when known: a WARC record's), then charset-normalizer's guess, made among the
    legacy code pages of the page's ``<html lang>`` first (:func:`language_codepages`: on a
    short page the open guess often takes another code page of the same script). A declared
    charset that does not fit the bytes is ignored (pages often lie); the last resort decodes
    UTF-8 with replacement characters so that decoding never fails.

    The HTTP charset comes after the page's own declaration and after UTF-8, unlike in a
    browser: a server's default ("ISO-8859-1" for every page) is wrong more often than a page
    that declares itself, and valid UTF-8 is almost never text in another encoding. Both come
    before the guess, which on a short page often picks a twin code page (French windows-1252
    read as cp1257).
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
        sample = data[:200_000]
        # One code page at a time (given several at once, charset-normalizer can reject them
        # all when two are near twins); the least garbled wins, the table's order on a tie.
        found = [(m.chaos, -m.coherence, i, m) for i, cp in enumerate(language_codepages(data))
                 if (m := from_bytes(sample, cp_isolation=[cp]).best()) is not None]
        best = min(found, key=lambda t: t[:3])[3] if found else from_bytes(sample).best()
    if best is not None:
        name = codec_name(best.encoding) or "utf-8"
        return data.decode(name, errors="replace"), name
    return data.decode("utf-8", errors="replace"), "utf-8"
