"""Batch mode of the command line (-o OUT, --jsonl) and clean_many(): what a user relies on when
cleaning a folder — mirrored outputs, failures reported and survived, resume, interruption,
and outputs that never land on an input or outside OUT."""

from __future__ import annotations

import gzip
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

import newsclean
from helpers.paths import ROOT
from helpers.signals import ctrl_c_reaches_children
from newsclean.run.batch import write_atomic
from newsclean.cli import main
from newsclean.output import render

SEEDS = sorted((ROOT / "seeds").glob("*.txt"))
PAGES = sorted((ROOT / "fixtures" / "html").glob("*.html"))
PLAIN = "The council met on Monday to vote on the budget.\n\nThe vote passed eight to three.\n"
BINARY = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4


def run(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = main(args)
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """A small download folder: text, markdown, HTML, gzip, nested."""
    src = tmp_path / "in"
    (src / "html" / "deep").mkdir(parents=True)
    shutil.copy(SEEDS[0], src / "a.txt")
    shutil.copy(SEEDS[2], src / "b.md")
    (src / "plain.txt").write_text(PLAIN, encoding="utf-8")
    shutil.copy(PAGES[0], src / "html" / "page.html")
    (src / "html" / "deep" / "zipped.htm.gz").write_bytes(gzip.compress(PAGES[1].read_bytes()))
    return src


def files(root: Path) -> list[str]:
    return sorted(str(p.relative_to(root)) for p in root.rglob("*") if p.is_file())


def test_a_folder_is_mirrored_with_one_clean_output_per_input(folder: Path, tmp_path: Path, capsys) -> None:
    out = tmp_path / "out"
    code, stdout, err = run([str(folder), "-o", str(out), "-j", "1"], capsys)
    assert code == 0 and stdout == ""
    assert files(out) == ["a.txt", "b.txt", "html/deep/zipped.txt", "html/page.txt", "plain.txt"]
    # Each output is exactly what the single-file command prints for that input.
    for rel, source in [("a.txt", folder / "a.txt"), ("html/deep/zipped.txt", folder / "html/deep/zipped.htm.gz")]:
        assert (out / rel).read_text(encoding="utf-8") == render(newsclean.clean_file(source), "text")
    assert "newsclean: done: 5 files" in err
    assert "4 cleaned, 1 unchanged, 0 skipped, 0 failed" in err  # plain.txt has nothing to remove
    assert "docs/s" in err and "removed: " in err


@pytest.mark.parametrize("fmt, suffix", [("json", ".json"), ("markdown", ".md")])
def test_format_sets_the_outputs_kind_and_suffix(folder: Path, tmp_path: Path, capsys, fmt: str, suffix: str) -> None:
    out = tmp_path / "out"
    code, _, _ = run([str(folder / "a.txt"), "-o", str(out), "--format", fmt, "-j", "1"], capsys)
    assert code == 0
    text = (out / f"a{suffix}").read_text(encoding="utf-8")
    assert text == render(newsclean.clean_file(folder / "a.txt"), fmt)


def test_jsonl_has_one_object_per_document_with_its_input_path_in_order(folder: Path, tmp_path: Path, capsys) -> None:
    target = tmp_path / "all.jsonl"
    code, _, _ = run([str(folder), "-o", str(target), "-j", "2"], capsys)
    assert code == 0
    rows = [json.loads(line) for line in target.read_text(encoding="utf-8").splitlines()]
    assert [Path(r["input"]).relative_to(folder).as_posix() for r in rows] == [
        "a.txt", "b.md", "html/deep/zipped.htm.gz", "html/page.html", "plain.txt"]
    assert rows[0] == {"input": str(folder / "a.txt"), **newsclean.clean_file(folder / "a.txt").to_dict()}
    assert not list(tmp_path.glob(".*partial"))


def test_files_folders_and_globs_together(folder: Path, tmp_path: Path, capsys) -> None:
    code, stdout, _ = run([str(folder / "a.txt"), f"{folder}/html/**/*.htm.gz", str(folder / "html"),
                           "--jsonl", "-", "-j", "1", "-q"], capsys)
    assert code == 0
    inputs = [json.loads(line)["input"] for line in stdout.splitlines()]
    assert inputs == [str(folder / "a.txt"), str(folder / "html/deep/zipped.htm.gz"),
                      os.path.join(str(folder / "html"), "deep", "zipped.htm.gz"),
                      os.path.join(str(folder / "html"), "page.html")]


def test_bad_files_are_reported_and_the_batch_goes_on(folder: Path, tmp_path: Path, capsys) -> None:
    (folder / "broken.txt").write_bytes(BINARY)
    out, report = tmp_path / "out", tmp_path / "report.json"
    (folder / "bad.txt").write_bytes(b"\x1f\x8b" + b"not gzip inside" * 10)
    code, _, err = run([str(folder), str(tmp_path / "missing"), "-o", str(out), "--report", str(report),
                           "-j", "1"], capsys)
    assert code == 1
    assert f"newsclean: {folder / 'bad.txt'}: " in err
    assert f"newsclean: {folder / 'broken.txt'}: not a page: PNG image" in err
    assert f"newsclean: {tmp_path / 'missing'}: no such file or folder" in err
    assert "Traceback" not in err
    assert len(files(out)) == 5
    data = json.loads(report.read_text(encoding="utf-8"))
    assert (data["cleaned"], data["unchanged"], data["failed"], data["skipped"]) == (4, 1, 2, 1)
    assert data["failures"][0]["path"] == str(folder / "bad.txt")
    assert data["failures"][0]["error"] == "InputError"
    assert data["failures"][1]["error"] == "FileNotFoundError"
    assert data["not_pages"] == [{"path": str(folder / "broken.txt"), "reason": "not a page: PNG image"}]
    assert data["removed_by_category"] and sum(data["removed_by_code"].values()) == sum(data["removed_by_category"].values()) and data["docs_per_second"] > 0


def test_second_run_skips_what_is_done_and_redoes_what_changed(folder: Path, tmp_path: Path, capsys) -> None:
    out = tmp_path / "out"
    assert run([str(folder), "-o", str(out), "-j", "1"], capsys)[0] == 0
    before = {p: (out / p).stat().st_mtime_ns for p in files(out)}
    os.utime(folder / "a.txt", ns=(time.time_ns() + 10**9,) * 2)  # edited after its output
    code, _, err = run([str(folder), "-o", str(out), "-j", "1"], capsys)
    assert code == 0
    assert "1 cleaned, 0 unchanged, 4 skipped, 0 failed" in err and "4 up to date" in err
    after = {p: (out / p).stat().st_mtime_ns for p in files(out)}
    assert [p for p in before if before[p] != after[p]] == ["a.txt"]
    code, _, err = run([str(folder), "-o", str(out), "-j", "1", "--force"], capsys)
    assert "4 cleaned, 1 unchanged, 0 skipped" in err


def test_sibling_inputs_with_the_same_output_name_get_distinct_outputs_on_every_run(tmp_path: Path, capsys) -> None:
    src, out = tmp_path / "in", tmp_path / "out"
    src.mkdir()
    (src / "story.html").write_bytes(PAGES[0].read_bytes())
    (src / "story.txt").write_text(PLAIN, encoding="utf-8")
    (src / "other.html").write_bytes(PAGES[1].read_bytes())
    for _ in range(2):
        code, _, err = run([str(src), "-o", str(out), "-j", "1"], capsys)
        assert code == 0, err
    assert files(out) == ["other.txt", "story.html.txt", "story.txt.txt"]
    assert (out / "story.html.txt").read_text(encoding="utf-8") == render(newsclean.clean_file(src / "story.html"), "text")
    assert (out / "story.txt.txt").read_text(encoding="utf-8") == PLAIN


def test_out_inside_the_input_folder_is_not_read_back(folder: Path, capsys) -> None:
    out = folder / "cleaned"
    for _ in range(2):
        code, _, _ = run([str(folder), "-o", str(out), "-j", "1", "--force"], capsys)
        assert code == 0
    assert files(out) == ["a.txt", "b.txt", "html/deep/zipped.txt", "html/page.txt", "plain.txt"]


@pytest.mark.parametrize("inside", ["", "html", "a.txt", "*.txt"])
def test_an_input_inside_out_is_refused_before_any_work(folder: Path, capsys, inside: str) -> None:
    spec = str(folder / inside) if inside else str(folder)
    before = {p: (folder / p).read_bytes() for p in files(folder)}
    code, _, err = run([spec, "-o", str(folder), "--force"], capsys)
    assert code == 2
    assert err.startswith(f"newsclean: error: {spec}: input is inside the output folder")
    assert {p: (folder / p).read_bytes() for p in files(folder)} == before


def test_an_input_is_never_overwritten_even_through_a_hard_link(tmp_path: Path, capsys) -> None:
    src, out = tmp_path / "in", tmp_path / "out"
    src.mkdir(), out.mkdir()
    (src / "a.txt").write_text("Sign up for our newsletter\n\n" + PLAIN, encoding="utf-8")
    os.link(src / "a.txt", out / "a.txt")
    code, _, err = run([str(src), "-o", str(out), "--force", "-j", "1"], capsys)
    assert code == 1
    assert "refusing to overwrite the input itself" in err
    assert (src / "a.txt").read_text(encoding="utf-8").startswith("Sign up")


def test_outputs_do_not_follow_a_link_out_of_out(folder: Path, tmp_path: Path, capsys) -> None:
    out, elsewhere = tmp_path / "out", tmp_path / "elsewhere"
    out.mkdir(), elsewhere.mkdir()
    (out / "html").symlink_to(elsewhere, target_is_directory=True)
    code, _, err = run([str(folder), "-o", str(out), "-j", "1"], capsys)
    assert code == 1
    assert "leads outside the output folder" in err
    assert list(elsewhere.iterdir()) == []
    assert (out / "a.txt").exists()


def test_symlinks_are_followed_only_when_asked_and_loops_are_caught(folder: Path, tmp_path: Path, capsys) -> None:
    (folder / "linked.txt").symlink_to(folder / "plain.txt")
    (folder / "html" / "loop").symlink_to(folder, target_is_directory=True)
    code, _, err = run([str(folder), "-o", str(tmp_path / "o1"), "-j", "1"], capsys)
    assert code == 0 and "2 symbolic link" in err
    assert "linked.txt" not in files(tmp_path / "o1")
    code, _, err = run([str(folder), "-o", str(tmp_path / "o2"), "-j", "1", "--follow-symlinks"], capsys)
    assert code == 0 and "1 symbolic link loop" in err
    assert "linked.txt" in files(tmp_path / "o2")


def test_a_stuck_document_times_out_and_the_rest_are_cleaned(folder: Path, tmp_path: Path, capsys) -> None:
    fifo = tmp_path / "stuck.txt"
    os.mkfifo(fifo)  # reading it blocks for ever: the worker must be stopped from outside
    code, _, err = run([str(fifo), str(folder), "-o", str(tmp_path / "out"), "--timeout", "1", "-j", "2"], capsys)
    assert code == 1
    assert f"newsclean: {fifo}: took longer than 1 s (worker stopped)" in err
    assert "4 cleaned, 1 unchanged, 0 skipped, 1 failed" in err


@pytest.mark.parametrize("args, message", [
    (["-j", "2"], "-j/--jobs: only with -o OUT"),
    (["--report", "r.json"], "--report: only with -o OUT"),
    (["-o", "OUT", "--explain"], "--explain cannot be used with -o"),
    (["-o", "OUT", "--url", "https://x"], "--url cannot be used with -o"),
    (["--jsonl", "x.jsonl", "--format", "json"], "--jsonl always writes JSON"),
    (["-o", "OUT", "-j", "0"], "-j/--jobs must be at least 1"),
])
def test_batch_usage_errors(tmp_path: Path, capsys, args: list[str], message: str) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main([str(SEEDS[0]), *[a.replace("OUT", str(tmp_path / "o")) for a in args]])
    assert exit_info.value.code == 2
    assert message in capsys.readouterr().err


def test_a_batch_that_finds_nothing_says_so(tmp_path: Path, capsys) -> None:
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / ".DS_Store").write_bytes(BINARY)
    code, _, err = run([str(tmp_path / "in"), "-o", str(tmp_path / "out")], capsys)
    assert code == 0
    assert "0 cleaned, 0 unchanged, 1 skipped" in err and "1 hidden" in err
    assert "warning: no input found" in err


def test_a_folder_without_o_is_a_usage_error_that_says_what_to_do(folder: Path, capsys) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main([str(folder)])
    assert exit_info.value.code == 2
    assert "is a folder: give -o OUT" in capsys.readouterr().err


def test_an_interrupted_write_leaves_neither_a_partial_nor_a_half_file(tmp_path: Path, monkeypatch) -> None:
    target = tmp_path / "a.txt"
    target.write_text("old complete output\n", encoding="utf-8")

    def interrupted(*_: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(os, "replace", interrupted)
    with pytest.raises(KeyboardInterrupt):
        write_atomic(str(target), "new output\n")
    assert os.listdir(tmp_path) == ["a.txt"]
    assert target.read_text(encoding="utf-8") == "old complete output\n"


def test_clean_many_keeps_input_order_and_reports_failures() -> None:
    items = [PLAIN, SEEDS[0], Path("no/such/file.txt"), "Sign up for our newsletter\n\n" + PLAIN]
    results = list(newsclean.clean_many(items, jobs=2))
    assert [r.index for r in results] == [0, 1, 2, 3]
    assert [r.source for r in results] == ["<text 0>", str(SEEDS[0]), "no/such/file.txt", "<text 3>"]
    assert results[0].article.body == results[3].article.body == PLAIN.strip()
    assert results[1].article.to_dict() == newsclean.clean_file(SEEDS[0]).to_dict()
    assert (results[2].ok, results[2].error) == (False, "InputError")
    assert "no such file" in results[2].message


def test_clean_many_in_process_and_its_argument_errors() -> None:
    (result,) = newsclean.clean_many(["Sign up for our newsletter\n\nIt rained."], jobs=1, timeout=None)
    assert result.article.body == "It rained."
    # Options are checked at the call, before the first result is asked for.
    with pytest.raises(newsclean.OptionError, match="no-such"):
        newsclean.clean_many([PLAIN], disable=["no-such"])


def test_clean_many_takes_what_scrapers_hold_and_keeps_order_url_and_id() -> None:
    page = ("<html><body><article><p>The old bridge over the river will close for repairs on Monday, "
            "the council said on Friday.</p></article></body></html>")
    items = [b"Sign up for our newsletter\n\nIt rained.", (page, "https://news.example/bridge"),
             {"html": page, "url": "https://news.example/b", "id": "doc-7", "crawl": 3},
             {"text": "It snowed.", "id": 8}, 42, {"title": "no body"}]
    results = list(newsclean.clean_many(items, jobs=1, timeout=None))
    assert [r.index for r in results] == list(range(6))
    assert results[0].article.body == "It rained."
    assert results[1].url == "https://news.example/bridge" and results[1].article.source_url == results[1].url
    assert (results[2].id, results[2].url) == ("doc-7", "https://news.example/b")
    assert results[2].to_dict()["crawl"] == 3 and results[2].to_dict()["id"] == "doc-7"
    assert results[3].article.body == "It snowed." and results[3].id == "8"
    # An item of the wrong shape fails in its place; the others are cleaned.
    assert [r.ok for r in results] == [True, True, True, True, False, False]
    assert results[4].error == "InputError" and "not a document" in results[4].message
    assert "html" in results[5].message


def test_clean_many_from_a_script_without_a_main_guard(tmp_path: Path) -> None:
    # The first script a user writes has no `if __name__ == "__main__":`. Workers must not run
    # it again (each would start the batch anew); an item they cannot rebuild without it (a
    # class of the script) fails in its place with a reason, and the others are cleaned.
    script = tmp_path / "job.py"
    script.write_text("import newsclean\n"
                      "class Tag(str):\n    pass\n"
                      "docs = ['Sign up for our newsletter\\n\\nIt rained.', {'text': 'It hailed.', 'crawl': Tag('x')},"
                      " 'It snowed.']\n"
                      "for r in newsclean.clean_many(docs, jobs=2):\n"
                      "    print(r.ok, r.article.body if r.ok else r.message)\n", encoding="utf-8")
    done = subprocess.run([sys.executable, str(script)], capture_output=True, text=True, timeout=60, cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert lines[0] == "True It rained." and lines[2] == "True It snowed.", lines
    assert lines[1].startswith("False the item could not be passed to a worker") and "plain values" in lines[1]
    assert "Traceback" not in done.stderr


def test_clean_many_from_a_script_read_on_standard_input() -> None:
    # `python - < job.py` (or a heredoc): the main module is "<stdin>", which multiprocessing
    # would have each worker run again, and fail on; the workers need none of it.
    script = ("import newsclean\n"
              "docs = ['Sign up for our newsletter\\n\\nIt rained.', 'It snowed.']\n"
              "for r in newsclean.clean_many(docs, jobs=2):\n"
              "    print(r.ok, r.article.body if r.ok else r.message)\n")
    done = subprocess.run([sys.executable, "-"], input=script, capture_output=True, text=True,
                          timeout=60, cwd=ROOT)
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines() == ["True It rained.", "True It snowed."]
    assert "Traceback" not in done.stderr


# Interruption: a FIFO among the inputs blocks one worker (until --timeout), so the run is
# reliably half done when the signal comes: the first folder written, the second not yet.

def _half_done_run(tmp_path: Path, out: Path, timeout: str, jobs: str) -> tuple[subprocess.Popen, list[str], int]:
    first, second = tmp_path / "first", tmp_path / "second"
    if not first.exists():
        for target, pages in ((first, PAGES[:6]), (second, PAGES[6:12])):
            target.mkdir()
            for page in pages:
                shutil.copy(page, target / page.name)
        os.mkfifo(tmp_path / "stuck.txt")
    args = [str(first), str(tmp_path / "stuck.txt"), str(second)]
    with ctrl_c_reaches_children():
        proc = subprocess.Popen([sys.executable, "-m", "newsclean", *args, "-o", str(out), "-j", jobs,
                                 "--timeout", timeout], stderr=subprocess.PIPE, start_new_session=True)
    return proc, args, 6


def _wait_for_outputs(out: Path, count: int) -> None:
    deadline = time.monotonic() + 60
    while len([f for f in files(out) if not f.endswith("partial")]) < count if out.exists() else True:
        assert time.monotonic() < deadline, "the first folder was never written"
        time.sleep(0.05)


def _group_alive(pgid: int) -> bool:
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[2]) == pgid and fields[0] != "Z":
            return True
    return False


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="uses /proc and PR_SET_PDEATHSIG")
def test_sigkill_halfway_then_rerun_gives_the_uninterrupted_outputs(tmp_path: Path) -> None:
    out = tmp_path / "out"
    proc, args, first_count = _half_done_run(tmp_path, out, timeout="120", jobs="2")
    _wait_for_outputs(out, first_count)
    proc.kill()  # the parent only, as `kill -9 PID` does
    proc.communicate(timeout=30)
    deadline = time.monotonic() + 10
    while _group_alive(proc.pid):  # its workers must not live on (one is stuck in the FIFO)
        assert time.monotonic() < deadline, "workers outlived their killed parent"
        time.sleep(0.1)
    written = files(out)
    assert 0 < len([f for f in written if not f.endswith("partial")]) < 12
    rerun = subprocess.run([sys.executable, "-m", "newsclean", *args, "-o", str(out), "-j", "2",
                            "--timeout", "1"], capture_output=True, check=False, timeout=120)
    assert rerun.returncode == 1  # the FIFO times out; everything else is done
    assert b"6 skipped" in rerun.stderr
    # The same bytes as an uninterrupted run writes (one output per page, as it renders it),
    # and no partial file left behind.
    expected = {f"{page.stem}.txt": render(newsclean.clean_file(page), "text").encode() for page in PAGES[:12]}
    assert files(out) == sorted(expected)
    for rel, data in expected.items():
        assert (out / rel).read_bytes() == data, rel


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="uses /proc")
def test_ctrl_c_stops_at_once_with_the_summary_of_what_was_done(tmp_path: Path) -> None:
    out = tmp_path / "out"
    proc, _, first_count = _half_done_run(tmp_path, out, timeout="120", jobs="1")
    _wait_for_outputs(out, first_count)
    os.killpg(proc.pid, signal.SIGINT)  # what a terminal sends on Ctrl-C: the whole group
    _, err = proc.communicate(timeout=30)
    assert proc.returncode == 130
    assert "Traceback" not in err.decode()
    # On a loaded machine the first folder can take over 10 s: a progress line then comes first.
    lines = [line for line in err.decode().splitlines() if not re.match(r"newsclean: \d+ files done \(", line)]
    assert lines[0].startswith("newsclean: interrupted: 6 files")
    assert len(files(out)) == first_count


# The worker imports this script (as "__mp_main__") because the function it runs is the
# script's own: that import is where start-up is made slow.
_SLOW_START = """
import os, signal, sys, time
from newsclean.run.pool import ordered_map


def magnitude(x):
    return abs(x)


if __name__ == "__mp_main__":  # a spawned worker, importing this script: still in start-up
    with open(sys.argv[1] + ".tmp", "w") as handle:
        handle.write(str(os.getpid()))
    os.replace(sys.argv[1] + ".tmp", sys.argv[1])
    deadline = time.monotonic() + 30
    while signal.SIGINT not in signal.sigpending() and time.monotonic() < deadline:
        time.sleep(0.01)  # a SIGINT not held is raised here, as in the middle of slow imports
elif __name__ == "__main__":
    print([outcome.value for outcome in ordered_map(magnitude, [-1], jobs=1)])
"""


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="uses sigpending and process groups")
def test_a_ctrl_c_that_reaches_a_starting_worker_does_not_kill_it(tmp_path: Path) -> None:
    # Ctrl-C reaches every process in the group; a worker still starting up (before it ignores
    # SIGINT) used to die of it with a traceback, or made the pool fail with "could not start".
    script, pid_file = tmp_path / "slow_start.py", tmp_path / "worker.pid"
    script.write_text(_SLOW_START, encoding="utf-8")
    with ctrl_c_reaches_children():
        proc = subprocess.Popen([sys.executable, str(script), str(pid_file)], stdout=subprocess.PIPE,
                                stderr=subprocess.PIPE, start_new_session=True)
    deadline = time.monotonic() + 60
    while not pid_file.exists():
        assert time.monotonic() < deadline and proc.poll() is None, "the worker never started"
        time.sleep(0.02)
    os.kill(int(pid_file.read_text()), signal.SIGINT)  # the worker's share of a Ctrl-C
    out, err = proc.communicate(timeout=60)
    assert "Traceback" not in err.decode()
    assert (proc.returncode, out.decode()) == (0, "[1]\n")
