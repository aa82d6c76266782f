"""Resuming an append-only output (``--jsonl FILE``, ``--csv FILE``): which documents it holds.

Each document has a key, made from the first keys of its JSON line (:func:`key_of`): its
``"id"``, else its WARC record id, else (a JSON Lines record) its ``"url"``, else its input path
and line number, else (a file) its input path. A rerun reads the keys already in the file and
cleans only the others, appending them. A last line that a ``kill -9`` cut short is cut off
first (:func:`repair_tail`), so the file never holds a partial line.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Iterator, Mapping
from json.decoder import scanstring  # type: ignore[attr-defined]
from typing import Any

__all__ = ["key_of", "jsonl_keys", "repair_tail", "line_head"]

_DECODER = json.JSONDecoder()
_SPACE = re.compile(r"[ \t\n\r]*")
_HEAD_KEYS = frozenset({"input", "line", "id", "url", "warc_record_id"})


def key_of(fields: Mapping[str, Any]) -> str:
    """The resume key of a document from the keys its JSON line starts with."""
    ident = fields.get("id")
    if ident is not None:
        return f"id\0{ident}"
    record = fields.get("warc_record_id")
    if record:
        return f"warc\0{record}"
    path = os.path.normpath(str(fields.get("input", "")))
    if "line" in fields:
        url = fields.get("url")
        return f"url\0{url}" if url else f"line\0{path}\0{fields['line']}"
    return f"input\0{path}"


def line_head(line: str) -> dict[str, Any]:
    """The leading keys of a JSON object line that :func:`key_of` reads (``input``, ``line``,
    ``id``, ``url``, ``warc_record_id``), without decoding the rest (the article's body and
    removals): a resumed file may hold millions of lines."""
    head: dict[str, Any] = {}
    at = _SPACE.match(line).end()  # type: ignore[union-attr]
    if line[at:at + 1] != "{":
        raise ValueError("not a JSON object")
    at += 1
    while True:
        at = _SPACE.match(line, at).end()  # type: ignore[union-attr]
        if line[at:at + 1] != '"':
            return head
        key, at = scanstring(line, at + 1)
        at = _SPACE.match(line, at).end()  # type: ignore[union-attr]
        if line[at:at + 1] != ":":
            raise ValueError("not a JSON object")
        if key not in _HEAD_KEYS:
            return head  # the article's keys follow the document's own
        value, at = _DECODER.raw_decode(line, _SPACE.match(line, at + 1).end())  # type: ignore[union-attr]
        head[key] = value
        at = _SPACE.match(line, at).end()  # type: ignore[union-attr]
        if line[at:at + 1] != ",":
            return head
        at += 1


def repair_tail(path: str) -> int:
    """Cut a last line that has no newline (a write stopped by ``kill -9``); return the bytes cut."""
    with open(path, "rb+") as handle:
        size = handle.seek(0, os.SEEK_END)
        if size == 0:
            return 0
        handle.seek(size - 1)
        if handle.read(1) == b"\n":
            return 0
        # Look back block by block for the last newline.
        end = size
        while end > 0:
            start = max(0, end - 65536)
            handle.seek(start)
            block = handle.read(end - start)
            at = block.rfind(b"\n")
            if at >= 0:
                keep = start + at + 1
                break
            end = start
        else:
            keep = 0
        handle.truncate(keep)
        return size - keep


def _lines(path: str) -> Iterator[str]:
    with open(path, encoding="utf-8", errors="replace") as handle:
        yield from handle


def jsonl_keys(path: str) -> set[str]:
    """The keys of the documents already in the JSON Lines file ``path`` (none if it is missing)."""
    if not os.path.exists(path):
        return set()
    repair_tail(path)
    keys: set[str] = set()
    for line in _lines(path):
        if not line.strip():
            continue
        try:
            keys.add(key_of(line_head(line)))
        except ValueError:
            continue  # not ours: it is kept, and stands for nothing
    return keys
