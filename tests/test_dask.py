"""Dask: on a LocalCluster of 2 worker processes, the batch (``--scheduler ADDRESS``) and the
``newsclean.dask`` bags give the same JSON, byte for byte, as the local batch run, with the same
summary and the same per-document failures."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest

pytest.importorskip("distributed")  # a guard only: dask[distributed] is in the test extra
pytest.importorskip("fastwarc")

import newsclean  # noqa: E402
from helpers.paths import HTML_FIXTURES, SEEDS  # noqa: E402
from helpers.warc import build_warc  # noqa: E402
from newsclean.cli import main  # noqa: E402
from newsclean.dask import clean_bag, clean_paths, is_article  # noqa: E402

BINARY = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4


@pytest.fixture(scope="module")
def client():
    from distributed import Client, LocalCluster

    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=":0",
                      silence_logs=40) as cluster, Client(cluster) as client:
        yield client


@pytest.fixture(scope="module")
def inputs(tmp_path_factory: pytest.TempPathFactory) -> list[str]:
    """The seeds, the HTML fixtures, a WARC file (with its skips and its truncated record) and a
    binary file that fails."""
    extra = tmp_path_factory.mktemp("extra")
    build_warc(extra / "crawl.warc.gz")
    (extra / "photo.txt").write_bytes(BINARY)
    return [str(p) for p in [*SEEDS, *HTML_FIXTURES, extra / "crawl.warc.gz", extra / "photo.txt"]]


def batch(args: list[str], out: Path) -> tuple[int, bytes, dict]:
    report = out.with_suffix(".report.json")
    code = main([*args, "-q", "--jsonl", str(out), "--report", str(report)])
    summary = json.loads(report.read_text())
    for key in ("started", "seconds", "docs_per_second", "output", "jobs"):
        summary.pop(key)
    return code, out.read_bytes(), summary


@pytest.fixture(scope="module")
def local(inputs, tmp_path_factory: pytest.TempPathFactory) -> tuple[int, bytes, dict]:
    """The local batch run (-j2) that the Dask runs must equal."""
    return batch([*inputs, "-j", "2"], tmp_path_factory.mktemp("local") / "local.jsonl")


def test_the_batch_on_a_dask_cluster_writes_what_the_local_batch_writes(client, inputs, local, tmp_path) -> None:
    on_dask = batch([*inputs, "--scheduler", client.scheduler.address], tmp_path / "dask.jsonl")
    assert on_dask[0] == local[0] == 1  # the truncated record failed, the binary file is not a page
    assert on_dask[1] == local[1]  # byte for byte
    assert on_dask[2] == local[2]  # the same summary and failures
    assert on_dask[2]["failed"] == 1 and on_dask[2]["skipped"] == 3
    assert [f["error"] for f in on_dask[2]["failures"]] == ["InputError"]
    assert [Path(f["path"]).name for f in on_dask[2]["not_pages"]] == ["photo.txt"]
    assert len(local[1].splitlines()) == len(SEEDS) + len(HTML_FIXTURES) + 2


def test_clean_paths_gives_the_jsonl_objects(client, inputs, local) -> None:
    records = clean_paths(inputs, npartitions=4).compute()
    lines = "".join(json.dumps(d, ensure_ascii=False) + "\n" for d in records if is_article(d))
    assert lines.encode("utf-8") == local[1]
    failures = [d for d in records if "error" in d]
    assert [(d["input"].rsplit("/", 1)[-1], d["error"]) for d in failures] == [
        ("crawl.warc.gz", "InputError"), ("photo.txt", "InputError")]
    assert sorted(d["skipped"] for d in records if "skipped" in d) == ["HTTP status not 200", "non-HTML record"]


def test_clean_paths_reads_fsspec_urls_and_globs(client, tmp_path) -> None:
    (tmp_path / "a.html.gz").write_bytes(gzip.compress(HTML_FIXTURES[0].read_bytes()))
    (tmp_path / "b.txt").write_bytes(SEEDS[0].read_bytes())
    records = clean_paths(f"file://{tmp_path}/*").compute()
    assert [d["input"] for d in records] == [f"file://{tmp_path}/a.html.gz", f"file://{tmp_path}/b.txt"]
    assert records[1] == {"input": records[1]["input"], **newsclean.clean_file(SEEDS[0]).to_dict()}
    assert records[0]["body"] == newsclean.clean_file(tmp_path / "a.html.gz").body


def test_clean_bag_cleans_documents_in_memory(client) -> None:
    import dask.bag as db

    page = HTML_FIXTURES[0].read_text(encoding="utf-8")
    texts = [SEEDS[0].read_text(encoding="utf-8"), SEEDS[1].read_bytes(),
             {"id": 7, "text": page, "url": "https://e.com/a"}, 3]
    records = clean_bag(db.from_sequence(texts, npartitions=2)).compute()
    assert records[0] == newsclean.clean(texts[0]).to_dict()
    assert records[1] == newsclean.clean_file(SEEDS[1]).to_dict()
    assert records[2] == {"id": 7, "url": "https://e.com/a", **newsclean.clean(page, url="https://e.com/a").to_dict()}
    assert records[3]["error"] == "InputError" and not is_article(records[3])


@pytest.mark.parametrize("args, message", [
    (["--dask", "--scheduler", "tcp://127.0.0.1:8786"], "give --scheduler ADDRESS or --dask, not both"),
    (["--dask", "--timeout", "5"], "--timeout is not applied on Dask"),
])
def test_dask_options_that_cannot_work_are_usage_errors(args, message, tmp_path, capsys) -> None:
    with pytest.raises(SystemExit) as exit_:
        main([str(SEEDS[0]), "--jsonl", str(tmp_path / "x.jsonl"), *args])
    assert exit_.value.code == 2 and message in capsys.readouterr().err


def test_dask_options_alone_are_batch_only(capsys) -> None:
    with pytest.raises(SystemExit):
        main([str(SEEDS[0]), "--dask"])
    assert "--dask: only with -o OUT, --jsonl FILE or --csv FILE" in capsys.readouterr().err
