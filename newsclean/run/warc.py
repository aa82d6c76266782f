"""WARC input: the HTML pages of a web archive (``newsclean crawl.warc.gz -o out.jsonl``).

:func:`read_warc` walks the HTTP ``response`` records of a WARC file (gzip per record, or
uncompressed, or gzipped as one whole file) with FastWARC and yields, in file order, one :class:`WarcPage` per HTML page with
status 200, a :class:`WarcSkip` for each other response (non-HTML, or another status), and a
:class:`WarcTruncated` when the file ends inside a record. Other record types (``warcinfo``,
``request``, ``metadata``, ``revisit``) are passed over silently, as a folder's non-input files are.

:func:`page_task` makes the :class:`~newsclean.run.task.Task` of a page (its ``WARC-Target-URI``
as ``url=``, and the keys each JSON line starts with); :func:`clean_page` cleans one. ``WARC-Date`` is kept as ``warc_date``: it is when the
page was fetched, so it never overrides the page's own date (``published``).

FastWARC is the optional ``warc`` extra (``pip install 'newsclean[warc]'``); it was chosen over
warcio because it reads the corpus pages about twice as fast and, like warcio, installs from a
wheel (docs/scale.md).
"""

from __future__ import annotations

import gzip
import re
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from typing import IO, Any

from newsclean.article import Article
from newsclean.options import Options
from newsclean.run.task import Task
from newsclean.text.encoding import MAX_GUNZIPPED

__all__ = ["WarcPage", "WarcSkip", "WarcTruncated", "is_warc_name", "read_warc", "clean_page",
           "page_fields", "page_task", "http_payload", "HTML_TYPES"]

HTML_TYPES = ("text/html", "application/xhtml+xml")
SKIP_NOT_HTML = "non-HTML record"
SKIP_NOT_200 = "HTTP status not 200"


@dataclass(frozen=True)
class WarcPage:
    """One HTML response of a WARC file: what a worker needs to clean it (nothing else is shipped)."""

    source: str  # the WARC file
    record_id: str
    url: str | None
    date: str | None
    offset: int  # of the record in the file (compressed offset for .warc.gz)
    body: bytes  # the HTTP payload, as sent (transfer and content encodings removed)
    charset: str | None = None  # of the HTTP Content-Type, when it names one

    @property
    def name(self) -> str:
        """How failures and warnings name the page: ``crawl.warc.gz <urn:uuid:...>``."""
        return f"{self.source} {self.record_id}"


@dataclass(frozen=True)
class WarcSkip:
    """A response record that is not cleaned, and why (counted in the summary)."""

    source: str
    record_id: str
    reason: str


@dataclass(frozen=True)
class WarcTruncated:
    """The file ends inside a record at ``offset``: reported as a failure, never a crash."""

    source: str
    offset: int

    @property
    def message(self) -> str:
        return f"truncated WARC record at byte {self.offset} (the file ends inside it)"


def is_warc_name(name: str) -> bool:
    """True for ``.warc`` and ``.warc.gz`` (any case)."""
    lower = name.lower()
    return lower.endswith(".warc") or lower.endswith(".warc.gz")


def _open_local(path: str) -> IO[bytes]:
    return open(path, "rb")


def read_warc(path: str, opener: Callable[[str], IO[bytes]] = _open_local
              ) -> Iterator[WarcPage | WarcSkip | WarcTruncated]:
    """The response records of the WARC file ``path``, in file order (see the module doc).

    ``opener`` opens ``path`` for reading bytes (an ``fsspec`` opener for remote files); the
    file is opened a second time, at the end, to check that its last gzip member is whole.
    """
    from fastwarc.warc import ArchiveIterator, WarcRecordType

    last = -1
    with opener(path) as handle:
        records = ArchiveIterator(handle, record_types=WarcRecordType.response, parse_http=True)
        for record in records:
            last = record.stream_pos
            item = _record(path, record)
            yield item
            if isinstance(item, WarcTruncated):
                return
    cut = _cut_member(path, opener, max(last, 0))
    if cut is not None:
        yield WarcTruncated(path, cut)


def _record(path: str, record: Any) -> WarcPage | WarcSkip | WarcTruncated:
    headers = record.headers
    declared = headers.get("Content-Length")
    http = record.http_headers
    if declared is None or http is None:
        return WarcTruncated(path, record.stream_pos)
    record_id = headers.get("WARC-Record-ID") or f"<offset {record.stream_pos}>"
    content_type = (record.http_content_type or "").strip().lower()
    if content_type not in HTML_TYPES:
        _consume(record)
        return WarcSkip(path, record_id, SKIP_NOT_HTML)
    if http.status_code != 200:
        _consume(record)
        return WarcSkip(path, record_id, SKIP_NOT_200)
    body = record.reader.read()
    if len(body) < record.content_length:
        return WarcTruncated(path, record.stream_pos)
    try:
        body = http_payload(body, http.get("Transfer-Encoding"), http.get("Content-Encoding"))
    except ValueError as exc:
        return WarcSkip(path, record_id, str(exc))
    return WarcPage(path, record_id, headers.get("WARC-Target-URI"), headers.get("WARC-Date"),
                    record.stream_pos, body, record.http_charset or None)


# A chunk's size line: hexadecimal digits, maybe extensions after ";", then CRLF (or LF).
# Every part bounded: tried at each place of a long line, it gives up after a few hundred bytes.
_CHUNK = re.compile(rb"[ \t]{0,8}([0-9A-Fa-f]{1,16})[ \t]{0,8}(?:;[^\r\n]{0,512})?\r?\n")


def http_payload(body: bytes, transfer: str | None, content: str | None) -> bytes:
    """An HTTP body as the page was sent, from the bytes a WARC holds (as received).

    Tools that write the raw response (wget, warcprox…) keep ``Transfer-Encoding: chunked``:
    read as it is, every chunk's size ("64") lands in the text. A deflate or brotli
    ``Content-Encoding`` is undone here; gzip is left to the cleaning, which unzips any input by
    its magic bytes. Raises ValueError with the reason for an encoding it cannot undo."""
    if transfer and "chunked" in transfer.lower():
        body = _dechunk(body)
    encoding = (content or "").strip().lower()
    if encoding in ("", "identity", "gzip", "x-gzip"):
        return body
    if encoding == "deflate":
        for wbits in (zlib.MAX_WBITS, -zlib.MAX_WBITS):  # zlib-wrapped, as the standard says, or raw
            out = zlib.decompressobj(wbits)
            try:
                data = out.decompress(body, MAX_GUNZIPPED)
            except zlib.error:
                continue
            if out.unconsumed_tail:
                raise ValueError(f"deflate body expands past {MAX_GUNZIPPED // 2**20} MB")
            return data
        raise ValueError("corrupt deflate body")
    if encoding == "br":
        import brotli  # FastWARC's own dependency: there whenever WARC input is

        try:
            data = brotli.Decompressor().process(body, output_buffer_limit=MAX_GUNZIPPED)
        except brotli.error as exc:
            raise ValueError(f"corrupt brotli body ({exc})") from None
        if len(data) >= MAX_GUNZIPPED:
            raise ValueError(f"brotli body expands past {MAX_GUNZIPPED // 2**20} MB")
        return data
    raise ValueError(f"content encoding {encoding!r} not supported")


def _dechunk(body: bytes) -> bytes:
    """A chunked body's data. A body that does not start with a chunk size is taken as already
    decoded (some tools decode it and keep the header); one cut short keeps its whole chunks."""
    out = bytearray()
    at = 0
    while True:
        size_line = _CHUNK.match(body, at)
        if size_line is None:
            return body if at == 0 else bytes(out)
        size = int(size_line.group(1), 16)
        start = size_line.end()
        if size == 0:
            return bytes(out)
        out += body[start:start + size]
        if start + size >= len(body):  # the last chunk, whole or cut short: what there is of it
            return bytes(out)
        at = start + size
        if body[at:at + 2] == b"\r\n":
            at += 2
        elif body[at:at + 1] == b"\n":
            at += 1


def _consume(record: Any) -> None:
    record.reader.consume() if hasattr(record.reader, "consume") else record.reader.read()


def _cut_member(path: str, opener: Callable[[str], IO[bytes]], start: int) -> int | None:
    """For a gzip WARC, the offset of a gzip member that the file cuts short, else None.

    A record cut inside its WARC headers is dropped silently by the readers (FastWARC and
    warcio alike), so the members from the last response record on are checked here: only
    those are decompressed, not the whole file.
    """
    with opener(path) as handle:
        if handle.read(2) != b"\x1f\x8b":
            return None
        handle.seek(start)
        if handle.read(2) != b"\x1f\x8b":
            # Records do not start gzip members: the file is gzipped as a whole (or in a few
            # large members). Then the whole stream is checked, as it was read: to its end.
            handle.seek(0)
            return start if _gzip_cut(handle) else None
        handle.seek(start)
        data = handle.read()
    offset = start
    while data:
        unzip = zlib.decompressobj(16 + zlib.MAX_WBITS)
        pending = data
        try:
            while pending and not unzip.eof:
                unzip.decompress(pending, 1 << 20)
                pending = unzip.unconsumed_tail
            if not unzip.eof:
                unzip.flush()
        except zlib.error:
            return offset
        if not unzip.eof:
            return offset
        rest = unzip.unused_data
        offset += len(data) - len(rest)
        data = rest
    return None


def _gzip_cut(handle: IO[bytes]) -> bool:
    """Whether the gzip stream (one member or several) ends before its end-of-stream marker."""
    try:
        with gzip.GzipFile(fileobj=handle, mode="rb") as unzip:
            while unzip.read(1 << 20):
                pass
    except (EOFError, OSError, zlib.error):
        return True
    return False


def page_task(page: WarcPage) -> Task:
    """The task of one page: its bytes, HTML unless the options say otherwise, its URL, and the
    keys its JSON line starts with."""
    return Task(page.name, document=page.body, kind="html", url=page.url, fields=page_fields(page),
                charset=page.charset)


def clean_page(page: WarcPage, *, options: Options | None = None) -> Article:
    """Clean one page of a WARC file, its ``WARC-Target-URI`` as ``url=`` (HTML unless ``options.kind``)."""
    from newsclean.pipeline import clean_document

    options = options or Options()
    if options.kind is None:
        options = replace(options, kind="html")
    return clean_document(page.body, page.name, url=page.url, options=options, charset=page.charset)


def page_fields(page: WarcPage) -> dict[str, Any]:
    """The keys a page's JSON line starts with, before ``Article.to_dict()``'s."""
    return {"input": page.source, "warc_record_id": page.record_id, "url": page.url,
            "warc_date": page.date}
