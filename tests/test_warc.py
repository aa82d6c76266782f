"""WARC input: ``newsclean crawl.warc.gz --jsonl out.jsonl`` cleans the HTML responses, counts the
others as skipped, reports a truncated record, and writes one line per page with its record id,
URL and fetch date (never taking the fetch date for the page's own)."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest

pytest.importorskip("fastwarc")  # a guard only: fastwarc is in the test extra

from conftest import ROOT  # noqa: E402
from newsclean.cli import main  # noqa: E402
from newsclean.run.warc import WarcPage, WarcSkip, WarcTruncated, read_warc  # noqa: E402

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


def run(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = main(args)
    out, err = capsys.readouterr()
    return code, out, err


def test_a_warc_file_gives_one_line_per_html_page_and_counts_the_rest(tmp_path: Path, capsys) -> None:
    warc = build_warc(tmp_path / "crawl.warc.gz")
    out, report = tmp_path / "out.jsonl", tmp_path / "report.json"
    code, stdout, err = run([str(warc), "-o", str(out), "-j", "1", "--report", str(report)], capsys)
    assert code == 1  # the truncated record is a failure
    lines = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [(d["input"], d["warc_record_id"], d["url"]) for d in lines] == [
        (str(warc), "<urn:uuid:00000000-0000-0000-0000-000000000001>", "https://news.example/budget"),
        (str(warc), "<urn:uuid:00000000-0000-0000-0000-000000000003>", "https://news.example/harbour"),
    ]
    first = lines[0]
    assert list(first)[:4] == ["input", "warc_record_id", "url", "warc_date"]
    assert first["source_url"] == "https://news.example/budget"  # the WARC-Target-URI is url=
    assert first["warc_date"] == "2024-01-02T00:00:00Z"  # the fetch date is kept as a hint ...
    assert first["published"].startswith("2023-05-02")  # ... and never overrides the page's own
    assert first["title"] == "Council passes budget"
    assert "donate today" not in first["body"] and "eight to three" in first["body"]
    assert any(r["category"] == "donation-appeal" for r in first["removed"])
    summary = json.loads(report.read_text())
    assert (summary["cleaned"], summary["unchanged"], summary["failed"]) == (2, 0, 1)
    assert summary["skipped_by_reason"] == {"HTTP status not 200": 1, "non-HTML record": 1}
    assert summary["failures"][0]["path"] == str(warc)
    assert summary["failures"][0]["message"].startswith("truncated WARC record at byte ")
    assert "2 cleaned, 0 unchanged, 2 skipped, 1 failed" in err
    assert "truncated WARC record" in err


def test_read_warc_reports_a_record_cut_in_its_headers_and_an_uncompressed_cut(tmp_path: Path) -> None:
    whole = build_warc(tmp_path / "whole.warc.gz", truncated=False).read_bytes()
    member = gzip.compress(response(7, "https://news.example/x", PAGE.encode()))
    cut = tmp_path / "cut.warc.gz"
    cut.write_bytes(whole + member[:25])  # inside the WARC headers: readers drop it silently
    items = list(read_warc(str(cut)))
    assert [type(i) for i in items] == [WarcPage, WarcPage, WarcSkip, WarcSkip, WarcTruncated]
    assert items[-1].offset == len(whole)
    assert [type(i) for i in read_warc(str(tmp_path / "whole.warc.gz"))][-1] is WarcSkip
    plain = tmp_path / "plain.warc"
    body = response(1, "https://news.example/budget", PAGE.encode())
    plain.write_bytes(body + body[: len(body) - 100])
    assert [type(i) for i in read_warc(str(plain))] == [WarcPage, WarcTruncated]


def test_warc_files_inside_a_folder_are_read_and_need_jsonl(tmp_path: Path, capsys) -> None:
    src = tmp_path / "in"
    src.mkdir()
    build_warc(src / "crawl.warc.gz", truncated=False)
    (src / "story.html").write_text(PAGE, encoding="utf-8")
    out = tmp_path / "all.jsonl"
    code, _, err = run([str(src), "--jsonl", str(out), "-j", "1"], capsys)
    assert code == 0, err
    lines = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [d["input"] for d in lines] == [str(src / "crawl.warc.gz")] * 2 + [str(src / "story.html")]
    assert "warc_record_id" not in lines[2]
    code, _, err = run([str(src), "-o", str(tmp_path / "folder"), "-j", "1"], capsys)
    assert code == 1
    assert "a WARC file is written with --jsonl FILE" in err
    assert (tmp_path / "folder" / "story.txt").exists()


def test_the_sample_pages_clean_as_html_files_do(tmp_path: Path) -> None:
    """A page from a WARC file is cleaned exactly as the same bytes in a .html file, with url=."""
    import newsclean
    from newsclean.run.warc import clean_page

    page = ROOT / "fixtures" / "html" / "donation.html"
    warc = tmp_path / "one.warc.gz"
    warc.write_bytes(gzip.compress(response(1, "https://news.example/d", page.read_bytes())))
    (item,) = read_warc(str(warc))
    assert clean_page(item).to_dict() == newsclean.clean_file(page, url="https://news.example/d").to_dict()
