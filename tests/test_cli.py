"""The command line: output formats, --explain, stdin, exit codes, encodings, bad input."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from helpers.paths import ROOT
from newsclean.cli import main

SEED = ROOT / "seeds" / "002_c6c14a840bf9ff6d.txt"
STORY = "Title of the story\nThe council met on Monday to vote on the budget.\n\nSign up for our newsletter\n"


def run(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = main(args)
    out, err = capsys.readouterr()
    return code, out, err


def test_prints_the_clean_body(capsys) -> None:
    code, out, err = run([str(SEED)], capsys)
    assert code == 0 and err == ""
    assert out.startswith("More than half the population of Nagorno-Karabakh has fled")
    assert "Your support makes all the difference" not in out


def test_json_output_is_the_contract(capsys) -> None:
    code, out, _ = run(["--format", "json", str(SEED)], capsys)
    data = json.loads(out)
    assert code == 0
    assert data["published"] == "2023-09-28T16:37:00-04:00"
    assert {"title", "subtitle", "authors", "byline", "published", "source_url", "tags",
            "captions", "body", "removed"} <= data.keys()


def test_markdown_output_starts_with_the_title(capsys) -> None:
    _, out, _ = run(["--format", "markdown", str(SEED)], capsys)
    assert out.startswith("# AP PHOTOS: Tens of thousands of Armenians")


def test_explain_lists_each_removal_with_file_and_line(capsys) -> None:
    code, out, err = run(["--explain", str(SEED)], capsys)
    assert code == 0
    assert f"{SEED}:1: notification-prompt (notification-prompt.line): Stay up to date" in err
    assert f"{SEED}:36: login-notice (login-notice.sentence): Please refresh your browser to be logged in" in err


def test_reads_standard_input() -> None:
    result = subprocess.run([sys.executable, "-m", "newsclean", "-"], input=STORY.encode(),
                            capture_output=True, check=False)
    assert result.returncode == 0, result.stderr
    assert result.stdout.decode() == "The council met on Monday to vote on the budget.\n"


def test_list_detectors_names_every_detector(capsys) -> None:
    code, out, _ = run(["--list-detectors"], capsys)
    assert code == 0
    for name in ("donation-appeal", "related-link", "reporter-contact", "title", "author-bio"):
        assert f"  {name} " in out


def test_disable_keeps_what_that_detector_would_remove(tmp_path: Path, capsys) -> None:
    story = tmp_path / "story.txt"
    story.write_text(STORY, encoding="utf-8")
    _, out, _ = run(["--disable", "newsletter-plug", str(story)], capsys)
    assert "Sign up for our newsletter" in out


def test_unknown_detector_is_a_usage_error(capsys) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["--disable", "no-such-thing", str(SEED)])
    assert exit_info.value.code == 2
    assert "no-such-thing" in capsys.readouterr().err


def test_no_input_is_a_usage_error(capsys) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main([])
    assert exit_info.value.code == 2


def test_missing_file_exits_1_with_one_line(tmp_path: Path, capsys) -> None:
    missing = tmp_path / "nope.txt"
    code, out, err = run([str(missing)], capsys)
    assert code == 1 and out == ""
    assert err == f"newsclean: {missing}: no such file\n"


def test_binary_file_is_skipped_with_its_reason_and_exit_1(tmp_path: Path, capsys) -> None:
    blob, odd = tmp_path / "photo.txt", tmp_path / "blob.txt"
    blob.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4)
    odd.write_bytes(b"\x01\x02" + bytes(range(256)) * 4)
    code, _, err = run([str(blob)], capsys)
    assert (code, err) == (1, f"newsclean: {blob}: not a page: PNG image; skipped\n")
    code, _, err = run([str(odd)], capsys)
    assert (code, err) == (1, f"newsclean: {odd}: not a page: binary file (NUL bytes); skipped\n")


def test_empty_file_gives_an_empty_article_and_a_warning(tmp_path: Path, capsys) -> None:
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    code, out, err = run(["--format", "json", str(empty)], capsys)
    assert code == 0
    assert json.loads(out)["body"] == ""
    assert err == f"newsclean: {empty}: warning: empty input\n"


def test_a_bad_file_does_not_stop_the_next_one(tmp_path: Path, capsys) -> None:
    code, out, err = run([str(tmp_path / "missing.txt"), str(SEED)], capsys)
    assert code == 1
    assert "missing.txt: no such file" in err
    assert out.startswith(f"==> {SEED} <==\nMore than half the population")


@pytest.mark.parametrize("encoding", ["cp1252", "latin-1", "utf-16", "utf-8-sig"])
def test_legacy_encodings_decode(tmp_path: Path, capsys, encoding: str) -> None:
    text = "Café owners in Zürich said the façade would reopen – soon.\n"
    if encoding == "latin-1":
        text = text.replace("–", "-")  # latin-1 has no en dash
    path = tmp_path / "story.txt"
    path.write_bytes(text.encode(encoding))
    code, out, _ = run([str(path)], capsys)
    assert code == 0
    assert out == text


def test_crlf_line_endings(tmp_path: Path, capsys) -> None:
    path = tmp_path / "story.txt"
    path.write_bytes(STORY.replace("\n", "\r\n").encode())
    _, out, _ = run([str(path)], capsys)
    assert out == "The council met on Monday to vote on the budget.\n"
