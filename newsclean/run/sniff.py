"""What a file holds, from its first bytes: a document, a WARC archive, JSON Lines, or neither.

A crawl folder holds ``page.php``, ``index.html?p=2``, hash-named dumps and the odd PDF: the name
says little, so the batch reads the head of every file (:data:`HEAD_BYTES`, decompressed when it
is gzip) and :func:`sniff` decides:

* ``"warc"``: it starts with ``WARC/`` (a WARC file, gzipped per record, as a whole, or not at all);
* ``"jsonl"``: its name ends in ``.jsonl`` / ``.ndjson`` (``.gz`` allowed), or its first line is
  a JSON object with the document key (``"html"`` or ``"text"``, see ``--html-key``);
* ``"skip"`` with a reason: a PDF, an image, an archive, or bytes with NUL characters that are
  not UTF-16/32 text (these are listed as skipped, and make the exit status 1);
* ``"document"``: anything else; the cleaning decides between HTML, markdown and plain text, and
  reports a file it cannot decode.
"""

from __future__ import annotations

import json
import os
import re
import stat
import zlib
from dataclasses import dataclass

__all__ = ["Sniffed", "sniff", "sniff_bytes", "is_jsonl_name", "HEAD_BYTES"]

HEAD_BYTES = 64 * 1024
# File signatures of what is certainly not a page (first bytes), and how to call it.
_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"%PDF-", "PDF document"),
    (b"\x89PNG\r\n\x1a\n", "PNG image"),
    (b"\xff\xd8\xff", "JPEG image"),
    (b"GIF87a", "GIF image"),
    (b"GIF89a", "GIF image"),
    (b"PK\x03\x04", "ZIP archive (or an Office document)"),
    (b"\x7fELF", "executable"),
    (b"BZh", "bzip2 archive"),
    (b"\xfd7zXZ\x00", "xz archive"),
    (b"7z\xbc\xaf\x27\x1c", "7-Zip archive"),
    (b"\x28\xb5\x2f\xfd", "zstd archive"),
    (b"OggS", "Ogg audio or video"),
    (b"ID3", "MP3 audio"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "Office document"),
)
_UNICODE_BOMS = (b"\xff\xfe", b"\xfe\xff", b"\x00\x00\xfe\xff")
_JSON_OBJECT = re.compile(rb'\{\s*"')  # matched after the leading white space is stripped


@dataclass(frozen=True)
class Sniffed:
    """What a file is: ``kind`` is ``"document"``, ``"warc"``, ``"jsonl"`` or ``"skip"``
    (``reason`` says why)."""

    kind: str
    reason: str = ""


def is_jsonl_name(name: str) -> bool:
    """``.jsonl``, ``.ndjson`` and ``.gz`` of these (any case)."""
    lower = name.lower()
    if lower.endswith(".gz"):
        lower = lower[:-3]
    return lower.endswith((".jsonl", ".ndjson"))


def _gunzip_head(data: bytes) -> bytes | None:
    """The first bytes inside a gzip stream (None: not gzip, or corrupt at the start)."""
    if data[:2] != b"\x1f\x8b":
        return None
    try:
        return zlib.decompressobj(16 + zlib.MAX_WBITS).decompress(data, HEAD_BYTES)
    except zlib.error:
        return None


def sniff_bytes(head: bytes, name: str = "", keys: tuple[str, ...] = ("html", "text")) -> Sniffed:
    """:func:`sniff` on the first bytes of a file (gzip is looked into)."""
    inner = _gunzip_head(head)
    if inner is not None:
        head = inner
    if head.startswith(b"WARC/"):
        return Sniffed("warc")
    if is_jsonl_name(name) or _first_line_is_record(head, keys):
        return Sniffed("jsonl")
    for magic, what in _MAGIC:
        if head.startswith(magic):
            return Sniffed("skip", f"not a page: {what}")
    if b"\x00" in head and not head.startswith(_UNICODE_BOMS):
        return Sniffed("skip", "not a page: binary file (NUL bytes)")
    return Sniffed("document")


def sniff(path: str, keys: tuple[str, ...] = ("html", "text")) -> Sniffed:
    """What the file at ``path`` holds (see the module doc). Raises ``OSError`` when it cannot
    be read; the caller reports that as it would any unreadable input. A FIFO or a device is
    not read here (it could block, or never end): it is a document, read by a worker under the
    time limit."""
    if not stat.S_ISREG(os.stat(path).st_mode):
        if stat.S_ISDIR(os.stat(path).st_mode):
            raise IsADirectoryError(path)
        return Sniffed("document")
    with open(path, "rb") as handle:
        head = handle.read(HEAD_BYTES)
    return sniff_bytes(head, path, keys)


def _first_line_is_record(head: bytes, keys: tuple[str, ...]) -> bool:
    """The first line is a JSON object with one of the document keys."""
    head = head.lstrip()
    if not _JSON_OBJECT.match(head):
        return False
    line, newline, _ = head.partition(b"\n")
    if newline:
        try:
            record = json.loads(line)
        except ValueError:
            return False
        return isinstance(record, dict) and any(k in record for k in keys)
    # A first line longer than the head: a key near its start says enough.
    return any(re.search(rb'[{,]\s*"' + re.escape(k.encode()) + rb'"\s*:', head) for k in keys)
