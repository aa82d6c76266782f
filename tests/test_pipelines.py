"""What a data pipeline relies on: every file a crawl leaves behind is read or accounted for, JSON
Lines in and out (resumable after kill -9), a CSV table, user rules, filters, structured
markdown, and a command that behaves in a pipe (a closed pipe, Ctrl-C, one output file)."""

from __future__ import annotations

import csv
import gzip
import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

import newsclean
from helpers.paths import ROOT
from newsclean.cli import main
from newsclean.options import Options
from newsclean.output import render
from newsclean.run.resume import jsonl_keys, line_head
from helpers.signals import ctrl_c_reaches_children

SEEDS = sorted((ROOT / "seeds").glob("*.txt"))
PAGES = sorted((ROOT / "fixtures" / "html").glob("*.html"))
PLAIN = "The council met on Monday to vote on the budget.\n\nThe vote passed eight to three.\n"
ARTICLE = """<html lang="en"><head><title>Harbour reopens</title>
<meta property="og:url" content="https://www.example.com/harbour"></head><body><article>
<h1>Harbour reopens</h1>
<p>The harbour reopened on Monday after a winter of repairs to the old sea wall and the piers.</p>
<h2>What changed</h2>
<p>Engineers rebuilt the wall with stone from the quarry above the town, the mayor said.</p>
<ul><li>New piers<ul><li>North pier</li><li>South pier</li></ul></li><li>A wider channel</li></ul>
<blockquote><p>We waited a long time for this day, and the fishermen are glad of it.</p></blockquote>
<h3>Costs</h3>
<table><tr><th>Item</th><th>Cost</th></tr><tr><td>Wall</td><td>2 million</td></tr>
<tr><td>Piers</td><td>1 million</td></tr></table>
<p>Read the <a href="https://www.example.com/report">full report</a> on the council's site today.</p>
<p>Buy the harbour calendar now at the museum shop.</p>
<div class="town-notes"><p>Lighthouse keeper retires after forty years on the rock and the sea</p></div>
</article></body></html>"""


def run(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = main(args)
    out, err = capsys.readouterr()
    return code, out, err


def newsclean_cmd(*args: str, **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "newsclean", *args], capture_output=True, check=False,
                          timeout=120, **kwargs)


# ---------------------------------------------------------------------------------------------
# Inputs: every file, decided by its bytes


def test_every_file_is_read_by_content_and_non_pages_are_listed_with_exit_1(tmp_path: Path, capsys) -> None:
    crawl = tmp_path / "crawl"
    (crawl / "site").mkdir(parents=True)
    (crawl / "site" / "page.php").write_bytes(PAGES[0].read_bytes())
    (crawl / "site" / "index.html?p=2").write_bytes(PAGES[1].read_bytes())
    (crawl / "3f2a9c0d").write_bytes(gzip.compress(PLAIN.encode()))  # a hash-named, gzipped text
    (crawl / "report.pdf").write_bytes(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n")
    (crawl / ".listing").write_text("wget's own file\n", encoding="utf-8")
    report = tmp_path / "report.json"
    code, _, err = run([str(crawl), "--jsonl", str(tmp_path / "out.jsonl"), "-j", "1", "--report", str(report)],
                       capsys)
    assert code == 1
    assert f"newsclean: {crawl / 'report.pdf'}: not a page: PDF document" in err
    assert "1 skipped" not in err and "2 skipped" in err and "1 hidden" in err
    assert f"not pages: 1\n    {crawl / 'report.pdf'} (PDF document)" in err
    lines = [json.loads(line) for line in (tmp_path / "out.jsonl").read_text(encoding="utf-8").splitlines()]
    assert [Path(r["input"]).name for r in lines] == ["3f2a9c0d", "index.html?p=2", "page.php"]
    assert lines[0]["body"] == PLAIN.strip()
    data = json.loads(report.read_text(encoding="utf-8"))
    assert data["not_pages"] == [{"path": str(crawl / "report.pdf"), "reason": "not a page: PDF document"}]


def test_include_and_exclude_on_the_command_line(tmp_path: Path, capsys) -> None:
    src = tmp_path / "in"
    (src / "tmp").mkdir(parents=True)
    (src / "a.html").write_bytes(PAGES[0].read_bytes())
    (src / "b.txt").write_text(PLAIN, encoding="utf-8")
    (src / "tmp" / "c.html").write_bytes(PAGES[1].read_bytes())
    code, out, _ = run([str(src), "--jsonl", "-", "-j", "1", "-q", "--include", "*.html", "--exclude", "tmp"],
                       capsys)
    assert code == 0
    assert [Path(json.loads(line)["input"]).name for line in out.splitlines()] == ["a.html"]


def test_a_url_argument_says_newsclean_does_not_fetch(capsys) -> None:
    code, out, err = run(["https://news.example/story"], capsys)
    assert (code, out) == (1, "")
    assert err.startswith("newsclean: https://news.example/story: newsclean does not fetch pages: download it first")
    assert "--url URL" in err


# ---------------------------------------------------------------------------------------------
# JSON Lines input


def _records(path: Path, lines: list[str]) -> Path:
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_jsonl_input_is_cleaned_record_by_record_and_a_malformed_line_is_reported(tmp_path: Path, capsys) -> None:
    dump = _records(tmp_path / "dump.jsonl", [
        json.dumps({"id": "a1", "url": "https://news.example/harbour", "raw": ARTICLE, "lang": "en"}),
        '{"id": "a2", "raw": "<html><body><p>broken',
        "",
        json.dumps({"id": 3, "text": "Sign up for our newsletter\n\n" + PLAIN}),
        json.dumps({"id": "a4", "body": "no document key"}),
    ])
    out, table = tmp_path / "out.jsonl", tmp_path / "docs.csv"
    code, _, err = run([str(dump), "--jsonl", str(out), "--csv", str(table), "-j", "1", "--html-key", "raw"], capsys)
    assert code == 1
    assert f"newsclean: {dump}:2: line 2: not valid JSON (" in err
    assert (f'newsclean: {dump}:5: line 5: no "raw" or "text" key (its keys: "id", "body"; name the '
            "document's key with --html-key or --text-key); line skipped") in err
    rows = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [(r["input"], r["line"], r["id"]) for r in rows] == [(str(dump), 1, "a1"), (str(dump), 4, 3)]
    assert rows[0]["url"] == "https://news.example/harbour" and rows[0]["lang"] == "en"
    assert rows[0]["title"] == "Harbour reopens" and "raw" not in rows[0]
    assert rows[1]["body"] == PLAIN.strip()
    with open(table, encoding="utf-8", newline="") as handle:
        assert [(r["record"], r["id"], r["status"]) for r in csv.DictReader(handle)] == [
            ("1", "a1", "cleaned"), ("2", "", "failed"), ("4", "3", "cleaned"), ("5", "", "failed")]
    # The same record cleaned alone gives the same article.
    alone = newsclean.clean(ARTICLE, url="https://news.example/harbour").to_dict()
    assert {k: rows[0][k] for k in alone} == alone


def test_jsonl_on_standard_input_with_input_format(tmp_path: Path) -> None:
    records = json.dumps({"text": PLAIN, "id": "x"}) + "\n" + json.dumps({"html": ARTICLE}) + "\n"
    result = newsclean_cmd("-", "--input-format", "jsonl", input=records.encode())
    assert result.returncode == 0, result.stderr
    lines = [json.loads(line) for line in result.stdout.decode().splitlines()]
    assert [(r["input"], r["line"], r.get("id")) for r in lines] == [("<stdin>", 1, "x"), ("<stdin>", 2, None)]


# ---------------------------------------------------------------------------------------------
# WARC


def _warc_record(kind: str, n: int, url: str, block: bytes, content_type: str) -> bytes:
    head = (f"WARC/1.0\r\nWARC-Type: {kind}\r\nWARC-Record-ID: <urn:uuid:00000000-0000-0000-0000-{n:012d}>\r\n"
            f"WARC-Date: 2024-01-02T00:00:00Z\r\nWARC-Target-URI: {url}\r\nContent-Type: {content_type}\r\n"
            f"Content-Length: {len(block)}\r\n\r\n")
    return head.encode() + block + b"\r\n\r\n"


def _response(n: int, url: str, body: bytes) -> bytes:
    http = f"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: {len(body)}\r\n\r\n".encode()
    return _warc_record("response", n, url, http + body, "application/http; msgtype=response")


def test_a_warc_gzipped_as_one_whole_file_reads_every_record_and_prints_json_lines(tmp_path: Path, capsys) -> None:
    pytest.importorskip("fastwarc")
    records = [_warc_record("warcinfo", 0, "", b"software: test\r\n", "application/warc-fields")]
    records += [_response(i, f"https://news.example/{i}", page.read_bytes()) for i, page in enumerate(PAGES[:3], 1)]
    warc = tmp_path / "crawl.warc.gz"
    warc.write_bytes(gzip.compress(b"".join(records)))  # one gzip member for the whole file
    code, out, err = run([str(warc)], capsys)  # no -o, no --jsonl: JSON Lines on standard output
    assert code == 0, err
    rows = [json.loads(line) for line in out.splitlines()]
    assert [r["url"] for r in rows] == [f"https://news.example/{i}" for i in (1, 2, 3)]
    assert "truncated" not in err
    # The same file cut short is reported, after the pages before the cut.
    cut = tmp_path / "cut.warc.gz"
    data = warc.read_bytes()
    cut.write_bytes(data[: len(data) - 200])
    code, _, err = run([str(cut), "--jsonl", str(tmp_path / "cut.jsonl"), "-j", "1", "-q"], capsys)
    assert code == 1 and "truncated WARC record" in err


# ---------------------------------------------------------------------------------------------
# Outputs


def test_json_of_several_documents_is_json_lines_and_text_has_separators(tmp_path: Path, capsys) -> None:
    story = tmp_path / "story.txt"
    story.write_text(PLAIN, encoding="utf-8")
    code, out, _ = run(["-f", "json", str(story), str(SEEDS[0])], capsys)
    assert code == 0
    lines = out.splitlines()
    assert len(lines) == 2 and [json.loads(line)["input"] for line in lines] == [str(story), str(SEEDS[0])]
    code, out, _ = run([str(story), str(story)], capsys)
    assert out == f"==> {story} <==\n{PLAIN}\n==> {story} <==\n{PLAIN}"
    code, out, _ = run(["-f", "json", str(story)], capsys)  # one document: the pretty object, as before
    assert json.loads(out)["body"] == PLAIN.strip() and out.startswith("{\n")


def test_o_with_a_file_name_and_one_input_writes_that_file(tmp_path: Path, capsys) -> None:
    code, out, _ = run([str(SEEDS[0]), "-o", str(tmp_path / "clean.txt")], capsys)
    assert (code, out) == (0, "")
    assert (tmp_path / "clean.txt").read_text(encoding="utf-8") == render(newsclean.clean_file(SEEDS[0]), "text")
    code, _, _ = run([str(SEEDS[0]), "-o", str(tmp_path / "clean.md")], capsys)  # the suffix sets the format
    assert (tmp_path / "clean.md").read_text(encoding="utf-8") == render(newsclean.clean_file(SEEDS[0]), "markdown")
    with pytest.raises(SystemExit):
        main([str(SEEDS[0]), "-o", str(tmp_path / "x.txt"), "-j", "2"])
    assert "only in a batch" in capsys.readouterr().err


def test_version(capsys) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["--version"])
    assert exit_info.value.code == 0
    assert capsys.readouterr().out == f"newsclean {newsclean.__version__}\n"


def test_csv_has_one_row_per_document(tmp_path: Path, capsys) -> None:
    src = tmp_path / "in"
    src.mkdir()
    shutil.copy(SEEDS[0], src / "a.txt")
    (src / "b.txt").write_text(PLAIN, encoding="utf-8")
    (src / "c.txt").write_bytes(b"\x1f\x8b broken gzip")
    table = tmp_path / "docs.csv"
    code, _, _ = run([str(src), "--csv", str(table), "-j", "1", "-q"], capsys)
    assert code == 1
    with open(table, encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert [(Path(r["input"]).name, r["status"]) for r in rows] == [("a.txt", "cleaned"), ("b.txt", "unchanged"),
                                                                     ("c.txt", "failed")]
    seed = newsclean.clean_file(SEEDS[0])
    assert rows[0]["title"] == seed.title and rows[0]["authors"] == "; ".join(seed.authors)
    assert int(rows[0]["words"]) == len(seed.body.split()) and int(rows[0]["removed"]) == len(seed.removed)
    assert int(rows[0]["removed_login-notice"]) == sum(r.category == "login-notice" for r in seed.removed)
    assert rows[1]["removed_advertisement"] == "0" and rows[2]["message"].startswith("InputError: ")
    # A rerun adds no row twice; the failed document is tried again.
    code, _, _ = run([str(src), "--csv", str(table), "-j", "1", "-q"], capsys)
    assert len(table.read_text(encoding="utf-8").splitlines()) == 4


def test_the_summary_lists_the_files_that_warned_and_why(tmp_path: Path, capsys) -> None:
    src = tmp_path / "in"
    src.mkdir()
    (src / "empty.txt").write_bytes(b"")
    (src / "b.txt").write_text(PLAIN, encoding="utf-8")
    report = tmp_path / "r.json"
    code, _, err = run([str(src), "-o", str(tmp_path / "out"), "-j", "1", "--report", str(report)], capsys)
    assert code == 0
    assert f"  warned (1 warnings): 1\n    {src / 'empty.txt'}: empty input" in err
    assert json.loads(report.read_text(encoding="utf-8"))["warned"] == [
        {"path": str(src / "empty.txt"), "warnings": ["empty input"]}]


# ---------------------------------------------------------------------------------------------
# Filters


def test_min_words_and_lang_drop_documents_with_a_reason(tmp_path: Path, capsys) -> None:
    src = tmp_path / "in"
    src.mkdir()
    (src / "short.txt").write_text("The vote passed.\n", encoding="utf-8")
    (src / "long.txt").write_text(PLAIN * 3, encoding="utf-8")
    (src / "de.txt").write_text("Der Gemeinderat hat am Montag beschlossen, dass die Bibliothek im Sommer "
                                "nicht schließt und dass die Stadt die Kosten dafür trägt.\n", encoding="utf-8")
    report = tmp_path / "r.json"
    code, out, err = run([str(src), "--jsonl", "-", "-j", "1", "--min-words", "10", "--lang", "en",
                          "--report", str(report)], capsys)
    assert code == 0
    assert [Path(json.loads(line)["input"]).name for line in out.splitlines()] == ["long.txt"]
    assert "2 dropped" in err and "dropped: 1 fewer than 10 words, 1 language de" in err
    data = json.loads(report.read_text(encoding="utf-8"))
    assert data["dropped_files"] == [{"path": str(src / "de.txt"), "reason": "language de, not en"},
                                     {"path": str(src / "short.txt"), "reason": "3 words, fewer than 10"}]


def test_an_unknown_lang_is_a_usage_error(capsys) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["--lang", "en,klingon", str(SEEDS[0])])
    assert exit_info.value.code == 2
    assert "unknown language code(s): klingon" in capsys.readouterr().err


# ---------------------------------------------------------------------------------------------
# User rules

RULES = """# rules for example.com
[[rule]]
category = "promotion"
phrase = "buy the harbour calendar *"
match = "sentence"
domain = "example.com"
name = "calendar"

[[rule]]
category = "related-link"
selector = "div.town-notes"
"""


def test_user_rules_remove_what_they_name_and_say_which_rule(tmp_path: Path, capsys) -> None:
    rules = tmp_path / "site.toml"
    rules.write_text(RULES, encoding="utf-8")
    article = newsclean.clean(ARTICLE, options=Options(rules=str(rules)))
    ours = [r for r in article.removed if r.detector == "user-rules"]
    # In the page's order: the sentence (line 43) before the <div> (line 44).
    assert [(r.category, r.code, r.reason, r.line) for r in ours] == [
        ("promotion", "user-rules.calendar", f'sentence pattern "buy the harbour calendar *" ({rules}:2)', 13),
        ("related-link", "user-rules.2", f'selector "div.town-notes" ({rules}:9)', 14)]
    assert "calendar" not in article.body and "Lighthouse keeper" not in article.body
    # The phrase is for example.com only: another site keeps it; the selector applies everywhere.
    elsewhere = newsclean.clean(ARTICLE.replace("www.example.com/harbour", "other.org/x"), options=Options(rules=str(rules)))
    assert "Buy the harbour calendar" in elsewhere.body and "Lighthouse keeper" not in elsewhere.body
    assert "Buy the harbour calendar" in newsclean.clean(ARTICLE, options=Options(rules=str(rules), disable=("user-rules",))).body
    code, out, _ = run(["--rules", str(rules), "--list-detectors"], capsys)
    assert f"user rules loaded from {rules}:" in out
    assert "user-rules.calendar" in out and "(only example.com)" in out and f"[{rules}:9]" in out


@pytest.mark.parametrize("text, where", [
    ('[[rule]]\ncategory = "ads"\nphrase = "x\n', ":3: not valid TOML"),
    ('[[rule]]\ncategory = "ads"\nphrase = "buy now"\n\n[[rule]]\ncategory = "ads"\nphrase = "buy" \nselector = "p"\n',
     ":5: rule 2: needs a phrase or a selector (one of them)"),
    ('[[rule]]\ncategory = "ads"\nphrase = "..."\n', ":1: rule 1: pattern has no word to anchor on"),
    ('[[rule]]\ncategory = "ads"\nselector = "div[["\n', ":1: rule 1: selector 'div[['"),
    ('[[rule]]\ncategory = "ads"\nphrase = "buy now"\ncolour = "red"\n', ":1: rule 1: unknown key 'colour'"),
])
def test_a_malformed_rules_file_is_an_error_naming_the_line(tmp_path: Path, capsys, text: str, where: str) -> None:
    rules = tmp_path / "bad.toml"
    rules.write_text(text, encoding="utf-8")
    with pytest.raises(SystemExit) as exit_info:
        main(["--rules", str(rules), str(SEEDS[0])])
    assert exit_info.value.code == 2
    err = capsys.readouterr().err
    assert f"{rules}{where}" in err and "Traceback" not in err


# ---------------------------------------------------------------------------------------------
# Structured markdown


def test_markdown_keeps_headings_lists_quotes_tables_and_links_and_the_body_stays_plain() -> None:
    plain = newsclean.clean(ARTICLE)
    md = plain.to_markdown()
    assert "\n## What changed\n" in md and "\n### Costs\n" in md
    assert "- New piers\n  - North pier\n  - South pier\n- A wider channel" in md
    assert "> We waited a long time" in md
    assert "| Item | Cost |\n| --- | --- |\n| Wall | 2 million |\n| Piers | 1 million |" in md
    assert "Read the full report on" in md  # no links unless asked
    linked = newsclean.clean(ARTICLE, options=Options(links=True))
    assert "Read the [full report](https://www.example.com/report) on" in linked.to_markdown(links=True)
    # The JSON body is plain paragraphs, as before, and the same with or without links.
    assert "What changed" in plain.body and "##" not in plain.body and "|" in plain.body
    assert linked.body == plain.body and linked.removed == plain.removed


def test_markdown_input_keeps_its_structure_in_markdown_output(capsys, tmp_path: Path) -> None:
    source = ("# Harbour reopens\n\nThe harbour reopened on Monday after a winter of repairs.\n\n"
              "## What changed\n\n- New piers\n  - North pier\n- A [wider](https://x.example/c) channel\n\n"
              "> We waited a long time.\n\n| Item | Cost |\n|---|---|\n| Wall | 2 million |\n\n"
              "Sign up for our newsletter\n")
    path = tmp_path / "story.md"
    path.write_text(source, encoding="utf-8")
    code, out, _ = run(["-f", "markdown", "--links", str(path)], capsys)
    assert code == 0
    assert out == ("# Harbour reopens\n\nThe harbour reopened on Monday after a winter of repairs.\n\n"
                   "## What changed\n\n- New piers\n  - North pier\n- A [wider](https://x.example/c) channel\n\n"
                   "> We waited a long time.\n\n| Item | Cost |\n|---|---|\n| Wall | 2 million |\n")


# ---------------------------------------------------------------------------------------------
# Resume, pipes and signals (real processes)


def test_resume_keys_are_read_from_the_head_of_each_line_and_a_cut_line_is_repaired(tmp_path: Path) -> None:
    line = json.dumps({"input": "d.jsonl", "line": 3, "title": "x", "body": "y" * 1000})
    assert line_head(line) == {"input": "d.jsonl", "line": 3}
    out = tmp_path / "out.jsonl"
    out.write_text(line + "\n" + json.dumps({"input": "a.html"}) + "\n" + '{"input": "b.ht', encoding="utf-8")
    assert jsonl_keys(str(out)) == {"line\0d.jsonl\x003", "input\0a.html"}
    assert out.read_text(encoding="utf-8").endswith('{"input": "a.html"}\n')


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="uses mkfifo and PR_SET_PDEATHSIG")
def test_kill_9_during_jsonl_then_rerun_appends_the_rest(tmp_path: Path) -> None:
    first, second = tmp_path / "first", tmp_path / "second"
    for target, pages in ((first, PAGES[:4]), (second, PAGES[4:8])):
        target.mkdir()
        for page in pages:
            shutil.copy(page, target / page.name)
    os.mkfifo(tmp_path / "stuck.txt")  # blocks a worker: the run is reliably half done
    out = tmp_path / "out.jsonl"
    args = [str(first), str(tmp_path / "stuck.txt"), str(second), "--jsonl", str(out)]
    proc = subprocess.Popen([sys.executable, "-m", "newsclean", *args, "-j", "1", "--timeout", "120"],
                            stderr=subprocess.PIPE, start_new_session=True)
    deadline = time.monotonic() + 90
    while not out.exists() or out.read_text(encoding="utf-8").count("\n") < 4:
        assert time.monotonic() < deadline and proc.poll() is None, "the first folder was never written"
        time.sleep(0.05)
    proc.kill()  # kill -9 of the parent only
    proc.communicate(timeout=30)
    with open(out, "a", encoding="utf-8") as handle:
        handle.write('{"input": "cut sho')  # as a kill during a write could leave it
    rerun = newsclean_cmd(*args, "-j", "1", "--timeout", "1")
    assert rerun.returncode == 1  # the FIFO times out; everything else is there
    assert b"4 already in the JSONL file" in rerun.stderr
    expected = "".join(json.dumps({"input": str(p), **newsclean.clean_file(p).to_dict()}, ensure_ascii=False) + "\n"
                       for p in sorted(first.iterdir()) + sorted(second.iterdir()))
    assert out.read_text(encoding="utf-8") == expected


def test_a_closed_pipe_ends_quietly(tmp_path: Path) -> None:
    inputs = [str(SEEDS[0])] * 40  # more than a pipe holds
    shell = f"set -o pipefail; {sys.executable} -m newsclean {' '.join(inputs)} | head -c 100 > /dev/null"
    result = subprocess.run(["bash", "-c", shell], capture_output=True, timeout=120, check=False)
    assert b"Traceback" not in result.stderr and b"Exception" not in result.stderr
    assert result.returncode == 141
    shell = f"set -o pipefail; {sys.executable} -m newsclean {SEEDS[0].parent} --jsonl - -j 1 -q | head -c 100 >/dev/null"
    result = subprocess.run(["bash", "-c", shell], capture_output=True, timeout=120, check=False)
    assert b"Traceback" not in result.stderr and result.returncode in (0, 141)


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="uses mkfifo")
def test_ctrl_c_on_one_file_exits_130_without_a_traceback(tmp_path: Path) -> None:
    fifo = tmp_path / "slow.txt"
    os.mkfifo(fifo)
    with ctrl_c_reaches_children():
        proc = subprocess.Popen([sys.executable, "-m", "newsclean", str(fifo)], stdout=subprocess.PIPE,
                                stderr=subprocess.PIPE)
    with open(fifo, "wb") as writer:  # opens once newsclean is reading it: past start-up
        writer.write(b"The council met")
        writer.flush()
        time.sleep(0.2)
        proc.send_signal(signal.SIGINT)
    # Closed: a signal that came just before newsclean blocked in read() is acted on at EOF.
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == 130
    assert err == b"newsclean: interrupted\n"
