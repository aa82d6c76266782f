"""A small WARC crawl for the WARC and Dask tests: HTML pages, other records, a truncated one."""

from __future__ import annotations

import gzip
from pathlib import Path

__all__ = ["PAGE", "OTHER", "record", "response", "build_warc"]

PAGE = """<html lang="en"><head><title>Council passes budget</title>
<meta property="article:published_time" content="2023-05-02T09:30:00+02:00"></head>
<body><article><h1>Council passes budget</h1>
<p>The city council met on Monday to vote on the new budget for the coming year.</p>
<p>The vote passed eight to three after a long debate about road repairs and school funding.</p>
<p>Support our journalism: donate today to keep this reporting free for everyone.</p>
</article></body></html>"""
OTHER = PAGE.replace("Council passes budget", "Harbour reopens").replace("budget for", "harbour for")


def record(kind: str, n: int, url: str, block: bytes, content_type: str) -> bytes:
    head = (f"WARC/1.0\r\nWARC-Type: {kind}\r\nWARC-Record-ID: <urn:uuid:00000000-0000-0000-0000-"
            f"{n:012d}>\r\nWARC-Date: 2024-01-0{n % 9 + 1}T00:00:00Z\r\nWARC-Target-URI: {url}\r\n"
            f"Content-Type: {content_type}\r\nContent-Length: {len(block)}\r\n\r\n")
    return head.encode() + block + b"\r\n\r\n"


def response(n: int, url: str, body: bytes, status: str = "200 OK", mime: str = "text/html; charset=utf-8") -> bytes:
    http = f"HTTP/1.1 {status}\r\nContent-Type: {mime}\r\nContent-Length: {len(body)}\r\n\r\n".encode()
    return record("response", n, url, http + body, "application/http; msgtype=response")


def build_warc(path: Path, *, truncated: bool = True) -> Path:
    """A small crawl, one gzip member per record: warcinfo, two pages (with a request record
    between them), a PDF, a 404, and a last page cut off in its body."""
    records = [
        record("warcinfo", 0, "", b"software: newsclean-test\r\n", "application/warc-fields"),
        response(1, "https://news.example/budget", PAGE.encode()),
        record("request", 2, "https://news.example/harbour", b"GET /harbour HTTP/1.1\r\n\r\n",
               "application/http; msgtype=request"),
        response(3, "https://news.example/harbour", OTHER.encode()),
        response(4, "https://news.example/report.pdf", b"%PDF-1.4 not a page", mime="application/pdf"),
        response(5, "https://news.example/gone", b"<html><body>Not found</body></html>", status="404 Not Found"),
    ]
    data = b"".join(gzip.compress(r) for r in records)
    if truncated:
        last = gzip.compress(response(6, "https://news.example/cut", PAGE.encode() * 20))
        data += last[: len(last) // 2]
    path.write_bytes(data)
    return path
