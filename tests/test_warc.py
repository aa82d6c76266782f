"""WARC input: ``newsclean crawl.warc.gz --jsonl out.jsonl`` cleans the HTML responses, counts the
others as skipped, reports a truncated record, and writes one line per page with its record id,
URL and fetch date (never taking the fetch date for the page's own)."""

from __future__ import annotations

import gzip
import json
from dataclasses import replace
from pathlib import Path

import pytest

pytest.importorskip("fastwarc")  # a guard only: fastwarc is in the test extra

from helpers.paths import ROOT  # noqa: E402
from helpers.warc import PAGE, build_warc, record, response  # noqa: E402
from newsclean.cli import main  # noqa: E402
from newsclean.run.warc import WarcPage, WarcSkip, WarcTruncated, read_warc  # noqa: E402

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


def _chunked(data: bytes, size: int = 100) -> bytes:
    return b"".join(b"%x;ext=1\r\n" % len(data[i:i + size]) + data[i:i + size] + b"\r\n"
                    for i in range(0, len(data), size)) + b"0\r\n\r\n"


def _raw_response(n: int, url: str, headers: str, body: bytes) -> bytes:
    http = f"HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n{headers}\r\n".encode() + body
    return record("response", n, url, http, "application/http; msgtype=response")


def test_a_raw_http_capture_is_read_as_the_page_was_sent(tmp_path: Path) -> None:
    # wget and warcprox keep the response as received: chunked transfer ("64" before every
    # 100 bytes, which used to land in the text), deflate or brotli content encoding.
    import zlib

    import brotli

    from newsclean.run.warc import clean_page

    page = PAGE.encode()
    records = [
        _raw_response(1, "https://news.example/chunked", "Transfer-Encoding: chunked\r\n", _chunked(page)),
        _raw_response(2, "https://news.example/deflate", "Content-Encoding: deflate\r\n", zlib.compress(page)),
        _raw_response(3, "https://news.example/br", "Content-Encoding: br\r\nTransfer-Encoding: chunked\r\n",
                      _chunked(brotli.compress(page))),
        # A tool that decoded the chunks but kept the header: the body is read as it is.
        _raw_response(4, "https://news.example/decoded", "Transfer-Encoding: chunked\r\n", page),
        # Cut short inside its last chunk: the whole chunks and what there is of the last one.
        _raw_response(5, "https://news.example/cut", "Transfer-Encoding: chunked\r\n", _chunked(page)[:-300]),
        _raw_response(6, "https://news.example/zstd", "Content-Encoding: zstd\r\n", b"\x28\xb5\x2f\xfd"),
    ]
    warc = tmp_path / "raw.warc"
    warc.write_bytes(b"".join(records))
    items = list(read_warc(str(warc)))
    pages = [item for item in items if isinstance(item, WarcPage)]
    assert [p.body for p in pages[:4]] == [page] * 4
    assert page.startswith(pages[4].body) and len(pages[4].body) > len(page) - 300
    assert [(s.record_id[-2], s.reason) for s in items if isinstance(s, WarcSkip)] == [
        ("6", "content encoding 'zstd' not supported")]
    # Cleaned alike (under one URL, so that only the bytes differ).
    bodies = {clean_page(replace(p, url="https://news.example/x")).body for p in pages[:4]}
    assert len(bodies) == 1 and "The vote passed eight to three" in bodies.pop()


def test_the_http_charset_decodes_a_page_that_declares_none(tmp_path: Path) -> None:
    # A short page in a legacy code page, without <meta charset>: the guess is often another
    # code page of the same script (French windows-1252 read as cp1257). The charset of the
    # response's Content-Type is what the server sent it in.
    from newsclean.run.warc import clean_page

    french = "Le gouvernement a annoncé des mesures, déjà à Noël, pour les élèves et les crèches."
    polish = "Rząd ogłosił dziś nowe środki dla gospodarki, źródło: Łódź, żółć i gęś."
    records = [
        response(1, "https://news.example/fr", f"<html><body><p>{french}</p></body></html>".encode("cp1252"),
                 mime="text/html; charset=windows-1252"),
        response(2, "https://news.example/pl", f"<html><body><p>{polish}</p></body></html>".encode("cp1250"),
                 mime="text/html; charset=windows-1250"),
        # The page's own declaration wins over a server's default.
        response(3, "https://news.example/utf8", f"<html><head><meta charset='utf-8'></head><body><p>{polish}</p>"
                 "</body></html>".encode(), mime="text/html; charset=ISO-8859-1"),
    ]
    warc = tmp_path / "legacy.warc"
    warc.write_bytes(b"".join(records))
    bodies = [clean_page(page, options=None).body for page in read_warc(str(warc))]
    assert bodies == [french, polish, polish]
