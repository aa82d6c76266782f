"""The batch runner's parts: the ordered pool (timeouts, crashes), the input walk, output names,
progress and summary. The command line itself is in test_batch.py."""

from __future__ import annotations

import io
import os
import time
from pathlib import Path

import pytest

from newsclean.run.batch import output_path
from newsclean.run.pool import ordered_map
from newsclean.run.progress import Progress
from newsclean.run.report import Summary
from newsclean.run.walk import Narrow, find_inputs, is_input_name


def test_pool_yields_in_input_order_when_later_items_finish_first() -> None:
    delays = [0.3, 0.0, 0.2, 0.0, 0.0]
    outcomes = list(ordered_map(time.sleep, delays, jobs=2))
    assert [o.index for o in outcomes] == [0, 1, 2, 3, 4]
    assert [o.item for o in outcomes] == delays
    assert all(o.ok for o in outcomes)


def test_pool_stops_a_stuck_item_and_goes_on() -> None:
    outcomes = list(ordered_map(time.sleep, [0.0, 600, 0.0, 0.0], jobs=2, timeout=1.0))
    assert [o.ok for o in outcomes] == [True, False, True, True]
    assert outcomes[1].failure.error == "Timeout"
    assert "1 s" in outcomes[1].failure.message


def test_pool_survives_a_worker_that_dies() -> None:
    # os._exit(3) kills the worker outright, as a crash in C code or the OOM killer would.
    outcomes = list(ordered_map(os._exit, [3], jobs=1)) + list(ordered_map(abs, [-1, -2], jobs=1))
    assert outcomes[0].failure.error == "WorkerDied"
    assert "status 3" in outcomes[0].failure.message
    assert [o.value for o in outcomes[1:]] == [1, 2]


def test_pool_reports_exceptions_as_failures_with_their_class() -> None:
    outcomes = list(ordered_map(int, ["1", "x", "3"], jobs=2))
    assert [o.value for o in outcomes] == [1, None, 3]
    assert outcomes[1].failure.error == "ValueError"


def test_pool_pulls_items_lazily() -> None:
    pulled: list[int] = []

    def items():
        for i in range(10_000):
            pulled.append(i)
            yield i

    results = ordered_map(abs, items(), jobs=1)
    assert next(results).value == 0
    results.close()
    assert len(pulled) < 100  # a window, not the whole input


def _tree(root: Path, files: dict[str, bytes]) -> None:
    for rel, data in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)


def test_walk_is_sorted_recursive_and_finds_every_file_but_hidden_ones(tmp_path: Path) -> None:
    # Every file is a candidate (what it holds is read from its bytes later); hidden files and
    # folders are reported as skipped; newsclean's own partial files are passed over.
    _tree(tmp_path, {"b.txt": b"x", "a/z.md": b"x", "a/y.HTML": b"x", "c.htm.gz": b"x", "page.php": b"x",
                     "index.html?p=2": b"x", ".git/config": b"x", "a/.x.txt.newsclean-partial": b"x"})
    found = list(find_inputs([str(tmp_path)]))
    assert [(f.rel, f.status) for f in found] == [
        (".git", "skipped"), ("a/y.HTML", "input"), ("a/z.md", "input"), ("b.txt", "input"),
        ("c.htm.gz", "input"), ("index.html?p=2", "input"), ("page.php", "input")]
    assert found[1].path == os.path.join(str(tmp_path), "a", "y.HTML")


def test_include_and_exclude_narrow_the_walk(tmp_path: Path) -> None:
    _tree(tmp_path, {"a.html": b"x", "b.txt": b"x", "tmp/c.html": b"x", "keep/d.html": b"x"})
    names = lambda **k: [f.rel for f in find_inputs([str(tmp_path)], narrow=Narrow(**k))]  # noqa: E731
    assert names(include=("*.html",)) == ["a.html", "keep/d.html", "tmp/c.html"]
    assert names(exclude=("tmp",)) == ["a.html", "b.txt", "keep/d.html"]
    assert names(include=("*.html",), exclude=("keep/*",)) == ["a.html", "tmp/c.html"]
    # A file named on the command line is read whatever the patterns say.
    assert [f.rel for f in find_inputs([str(tmp_path / "b.txt")], narrow=Narrow(include=("*.html",)))] == ["b.txt"]


def test_glob_rel_paths_start_below_the_fixed_folders(tmp_path: Path) -> None:
    _tree(tmp_path, {"news/2023/a.html": b"x", "news/2023/deep/b.html": b"x", "news/2024/c.txt": b"x",
                     "news/top.html": b"x"})
    one_level = list(find_inputs([f"{tmp_path}/news/*/*.html"]))
    assert [f.rel for f in one_level] == ["2023/a.html"]
    any_depth = list(find_inputs([f"{tmp_path}/news/**/*.html"]))
    assert [f.rel for f in any_depth] == ["2023/a.html", "2023/deep/b.html", "top.html"]
    folders = list(find_inputs([f"{tmp_path}/news/202[4]"]))
    assert [f.rel for f in folders] == ["2024/c.txt"]


def test_siblings_that_make_the_same_output_are_named_in_full(tmp_path: Path) -> None:
    _tree(tmp_path, {"story.html": b"x", "story.txt": b"x", "story.html.gz": b"x", "other.html": b"x"})
    found = list(find_inputs([str(tmp_path)]))
    assert [(f.rel, f.status, f.full_name) for f in found] == [
        ("other.html", "input", False), ("story.html", "input", True), ("story.html.gz", "input", True),
        ("story.txt", "input", True)]
    outputs = [output_path("OUT", f.rel, "text", f.full_name) for f in found]
    assert outputs == [os.path.join("OUT", n) for n in ("other.txt", "story.html.txt", "story.html.gz.txt",
                                                        "story.txt.txt")]


def test_missing_argument_is_a_failure_not_an_exception(tmp_path: Path) -> None:
    (found,) = find_inputs([str(tmp_path / "nope")])
    assert found.status == "failed" and "no such file" in found.message


@pytest.mark.parametrize("name, expected", [
    ("a/b.html", "a/b.txt"), ("a/b.html.gz", "a/b.txt"), ("b.md", "b.txt"), ("b.rst", "b.rst.txt"),
    ("v1.2.htm", "v1.2.txt"), (".txt", ".txt.txt")])
def test_output_names_swap_the_suffix(name: str, expected: str) -> None:
    assert output_path("OUT", name, "text") == os.path.join("OUT", *expected.split("/"))


@pytest.mark.parametrize("rel", ["../x.txt", "a/../../x.txt", "/etc/x.txt", ""])
def test_output_paths_never_leave_out(rel: str) -> None:
    with pytest.raises(ValueError, match="leave the output folder"):
        output_path("OUT", rel, "text")


def test_input_names() -> None:
    assert is_input_name("A.HTM") and is_input_name("x.md.gz") and is_input_name("d.jsonl.gz")
    assert not is_input_name("x.gz") and not is_input_name("x.json")


def test_summary_lines_and_report_agree() -> None:
    s = Summary(cleaned=3, unchanged=1)
    s.skipped["up to date"] += 2
    s.removed.update({"newsletter-plug": 2, "advertisement": 5})
    s.fail("a.txt", "InputError", "binary file")
    s.stop()
    head, skipped, removed = s.lines()
    assert "7 files" in head and "3 cleaned, 1 unchanged, 2 skipped, 1 failed" in head
    assert removed == "  removed: advertisement 5, newsletter-plug 2"
    data = s.to_dict()
    assert (data["cleaned"], data["unchanged"], data["skipped"], data["failed"]) == (3, 1, 2, 1)
    assert data["failures"] == [{"path": "a.txt", "error": "InputError", "message": "binary file"}]


def test_progress_bar_redraws_in_place_and_lines_are_plain() -> None:
    s = Summary(cleaned=5)
    bar = io.StringIO()
    progress = Progress(bar, "bar")
    progress.total = 10
    progress.update(s, force=True)
    progress.message("newsclean: x.txt: binary file")
    assert bar.getvalue().startswith("\r\033[K[############............] 5/10 files")
    assert bar.getvalue().endswith("\r\033[Knewsclean: x.txt: binary file\n")
    plain = io.StringIO()
    Progress(plain, "lines").update(s, force=True)
    assert plain.getvalue().startswith("newsclean: 5 files done (5 cleaned, 0 unchanged")
    assert "\r" not in plain.getvalue()
    off = io.StringIO()
    Progress(off, "off").update(s, force=True)
    assert off.getvalue() == ""
