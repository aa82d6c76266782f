"""JSON Lines input: one document per line, as scrapers and crawl exports write them.

Each line is a JSON object with the page's HTML under ``"html"`` or its text under ``"text"``
(HTML wins when a record has both), and optionally ``"url"`` and ``"id"``; the key names can be
changed (:class:`RecordKeys`, ``--html-key raw``). :func:`read_records` yields one
:class:`~newsclean.run.task.Task` per non-blank line, in order. A line that is not a JSON
object, or has no document under the keys, becomes a Task that carries its failure, named
``FILE:LINE``: it is reported in its place and the other lines go on.

Each document's JSON line (``--jsonl``) starts with ``"input"`` (the file), ``"line"`` (its line
number), ``"id"`` and ``"url"`` when the record has them, then the record's other keys, then the
article's.
"""

from __future__ import annotations

import gzip
import json
import sys
from collections.abc import Iterator
from contextlib import ExitStack
from dataclasses import dataclass
from typing import IO, Any

from newsclean.run.task import Failure, Task

__all__ = ["RecordKeys", "read_records", "records_from_stream"]


@dataclass(frozen=True)
class RecordKeys:
    """The keys of a record that hold its HTML, its text, its URL and its id."""

    html: str = "html"
    text: str = "text"
    url: str = "url"
    id: str = "id"

    @property
    def documents(self) -> tuple[str, str]:
        return (self.html, self.text)


def _gunzipped(handle: IO[bytes]) -> IO[bytes]:
    """``handle``, or a reader of what is inside it when it is gzip."""
    peek = getattr(handle, "peek", None)
    if peek is not None and peek(2)[:2] == b"\x1f\x8b":
        return gzip.GzipFile(fileobj=handle, mode="rb")  # type: ignore[return-value]
    return handle


def read_records(path: str, keys: RecordKeys = RecordKeys(), name: str | None = None) -> Iterator[Task]:
    """The Tasks of the records of the JSON Lines file ``path`` (``-``: standard input; gzip
    allowed). Raises ``OSError`` when the file cannot be opened; a file cut inside its gzip
    stream ends with one failing Task that says where."""
    shown = name or ("<stdin>" if path == "-" else path)
    with ExitStack() as stack:
        raw = sys.stdin.buffer if path == "-" else stack.enter_context(open(path, "rb"))
        stream = _gunzipped(raw)
        if stream is not raw:
            stack.callback(stream.close)  # closes the gzip reader only, not stdin
        yield from records_from_stream(stream, shown, keys)


def records_from_stream(stream: IO[bytes], shown: str, keys: RecordKeys) -> Iterator[Task]:
    """:func:`read_records` on an open binary stream; ``shown`` names it in results."""
    number = 0
    try:
        for number, raw in enumerate(stream, start=1):
            if raw.strip():
                yield _task(raw, shown, number, keys)
    except (OSError, EOFError, gzip.BadGzipFile) as exc:  # a gzip file cut short, a read error
        yield _bad(shown, number + 1, f"cannot read past line {number} ({exc})")


def _task(raw: bytes, shown: str, number: int, keys: RecordKeys) -> Task:
    name = f"{shown}:{number}"
    try:
        record = json.loads(raw)
    except ValueError as exc:
        where = f" at column {exc.colno}" if isinstance(exc, json.JSONDecodeError) else ""
        message = exc.msg if isinstance(exc, json.JSONDecodeError) else str(exc)
        return _bad(shown, number, f"line {number}: not valid JSON ({message}{where}); line skipped")
    if not isinstance(record, dict):
        return _bad(shown, number, f"line {number}: a {type(record).__name__} where a JSON object was expected; line skipped")
    key = keys.html if keys.html in record else keys.text if keys.text in record else None
    if key is None:
        # Its keys, and the options that name the document's: a dump with "content" or "raw",
        # or newsclean's own output ("body"), is read with --text-key / --html-key.
        named = ", ".join(f'"{k}"' for k in list(record)[:8]) + (", …" if len(record) > 8 else "")
        return _bad(shown, number, f'line {number}: no "{keys.html}" or "{keys.text}" key (its keys: '
                                   f'{named or "none"}; name the document\'s key with --html-key or '
                                   "--text-key); line skipped")
    document = record[key]
    if not isinstance(document, str):
        return _bad(shown, number, f'line {number}: "{key}" holds {_json_type(document)}, not text; line skipped')
    url, ident = record.get(keys.url), record.get(keys.id)
    fields: dict[str, Any] = {"input": shown, "line": number}
    if ident is not None:
        fields["id"] = ident
    if url is not None:
        fields["url"] = url
    for k, v in record.items():
        if k not in (keys.html, keys.text, keys.url, keys.id) and k not in fields:
            fields[k] = v
    return Task(name, document=document, kind="html" if key == keys.html else None,
                url=url if isinstance(url, str) and url else None,
                id=None if ident is None else str(ident), fields=fields)


def _bad(shown: str, number: int, message: str) -> Task:
    """A line that is not a record: a Task that carries why (named and keyed as the line)."""
    return Task(f"{shown}:{number}", fields={"input": shown, "line": number}, problem=Failure("InputError", message))


def _json_type(value: Any) -> str:
    return {dict: "an object", list: "a list", bool: "a boolean", type(None): "null",
            int: "a number", float: "a number"}.get(type(value), type(value).__name__)
