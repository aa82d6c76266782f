"""The documents of one input: a file is one document, a WARC file one per HTML page, a JSON
Lines file one per record; a file that is not a page is skipped, and a URL is not fetched.

The batch (``-o``, ``--jsonl``, ``--csv``) and the one-by-one command (``newsclean a.html b.warc``)
both read their inputs through :func:`documents`, so they see the same documents.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from newsclean.run.records import RecordKeys, read_records
from newsclean.run.sniff import sniff
from newsclean.run.task import Failure, Task
from newsclean.run.warc import WarcSkip, WarcTruncated, page_task, read_warc

__all__ = ["Skip", "documents", "looks_like_url", "NOT_FETCHED", "MANY"]

_URL = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*://")
NOT_FETCHED = ("newsclean does not fetch pages: download it first (curl -L -o page.html URL, wget, or "
               "trafilatura --URL), then clean the file, with --url URL to record where it came from")
MANY = ("warc", "jsonl")  # what makes many documents of one file


def looks_like_url(spec: str) -> bool:
    """``https://…``, ``s3://…``: a URL where a path was expected."""
    return bool(_URL.match(spec))


@dataclass(frozen=True)
class Skip:
    """A record or file passed over on purpose, and why (the summary counts it)."""

    name: str
    reason: str


def documents(path: str, kind: str, keys: RecordKeys = RecordKeys()) -> Iterator[Task | Skip]:
    """The documents of the file ``path``, which :func:`~newsclean.run.sniff.sniff` found to be
    ``kind``: Tasks (one may carry its failure: a truncated WARC record, a malformed JSON line)
    and Skips (WARC responses that are not HTML pages)."""
    if kind == "warc":
        yield from _warc(path)
    elif kind == "jsonl":
        try:
            yield from read_records(path, keys)
        except OSError as exc:
            yield Task(path, problem=Failure("InputError", f"cannot read the JSON Lines file ({exc.strerror or exc})"))
    else:
        yield Task.from_path(path)


def _warc(path: str) -> Iterator[Task | Skip]:
    try:
        for item in read_warc(path):
            if isinstance(item, WarcSkip):
                yield Skip(f"{path} {item.record_id}", item.reason)
            elif isinstance(item, WarcTruncated):
                yield Task(path, fields={"input": path}, problem=Failure("InputError", item.message))
            else:
                yield page_task(item)
    except ImportError:
        yield Task(path, problem=Failure("InputError", "reading WARC files needs FastWARC: "
                                         "pip install 'newsclean[warc]'"))
    except (OSError, ValueError) as exc:  # unreadable, or not a WARC file after all
        yield Task(path, problem=Failure("InputError", f"cannot read the WARC file ({exc})"))


def sniffed(path: str, keys: RecordKeys = RecordKeys()) -> tuple[str, str] | Failure:
    """``(kind, reason)`` of a file (see :mod:`newsclean.run.sniff`), or why it cannot be read."""
    try:
        what = sniff(path, keys.documents)
    except IsADirectoryError:
        return Failure("InputError", "is a folder")
    except FileNotFoundError:
        return Failure("FileNotFoundError", "no such file")
    except PermissionError:
        return Failure("InputError", "permission denied")
    except OSError as exc:
        return Failure("InputError", exc.strerror or str(exc))
    return what.kind, what.reason
