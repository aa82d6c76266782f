"""The input text of a file as the cleaner read it, for the review page's exact view."""

from __future__ import annotations

import os

__all__ = ["read_source"]


def read_source(path: str | os.PathLike[str], kind: str | None = None) -> str | None:
    """The decoded text of a text or markdown file (gzip allowed), decoded as ``clean_file`` does;
    None for an HTML page (its view is the extracted text, rebuilt from the JSON) or a file
    that cannot be read now (the view is then rebuilt from the JSON too)."""
    from newsclean.errors import NewscleanError
    from newsclean.pipeline import decode_file
    from newsclean.text.encoding import gunzip

    name = os.fspath(path)
    try:
        with open(name, "rb") as handle:
            data = handle.read()
        if data[:2] == b"\x1f\x8b":
            data = gunzip(data, name)
        text, found_kind, _warnings = decode_file(data, name, kind)
    except (OSError, NewscleanError, ValueError):
        return None
    return None if found_kind == "html" else text
