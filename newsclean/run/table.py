"""``--csv FILE``: one row per document, for spreadsheets and pandas.

Columns: ``input`` (the file), ``record`` (the line of a JSON Lines file, or the WARC record id),
``id``, ``url``, ``status`` (``cleaned``, ``unchanged``, ``dropped`` or ``failed``), ``title``,
``authors`` (joined by ``; ``), ``published``, ``language``, ``words`` (of the body),
``removed`` (all removals), then ``removed_<category>`` for every category, ``warnings``
(joined by ``; ``) and ``message`` (why a document failed or was dropped).

The file is appended to, row by row, as the outputs are: a rerun adds the rows of the documents
it cleans, and a row already there (same document key, see :mod:`newsclean.run.resume`) is not
written twice. ``--force`` starts the file anew.
"""

from __future__ import annotations

import csv
import io
import os
from collections.abc import Iterable, Mapping
from typing import Any

from newsclean.article import Article
from newsclean.run.resume import key_of, repair_tail

__all__ = ["columns", "article_cells", "row_fields", "Table", "TableMismatch"]

_HEAD = ("input", "record", "id", "url", "status", "title", "authors", "published", "language", "words",
         "removed")


class TableMismatch(ValueError):
    """An existing CSV file whose columns are not this run's."""


def columns(categories: Iterable[str]) -> list[str]:
    return [*_HEAD, *(f"removed_{c}" for c in categories), "warnings", "message"]


def article_cells(article: Article) -> dict[str, Any]:
    """The cells an article fills (the worker makes them: no Article crosses the pipe)."""
    counts: dict[str, int] = {}
    for r in article.removed:
        counts[r.category] = counts.get(r.category, 0) + 1
    cells: dict[str, Any] = {
        "title": article.title or "", "authors": "; ".join(article.authors),
        "published": article.published_iso or "", "language": article.language or "",
        "words": len(article.body.split()), "removed": len(article.removed),
        "warnings": "; ".join(article.warnings), "source_url": article.source_url or "",
    }
    cells.update((f"removed_{c}", n) for c, n in counts.items())
    return cells


def row_fields(fields: Mapping[str, Any], url: str | None, source_url: str = "") -> dict[str, Any]:
    """The cells that name the document (from its Task's fields). ``url`` is the record's own;
    a file's row shows the article's ``source_url`` instead (a record's key may be its URL, so
    its row shows only the URL it came with)."""
    record = fields.get("warc_record_id") or fields.get("line") or ""
    url = url or fields.get("url") or ("" if "line" in fields else source_url)
    return {"input": fields.get("input", ""), "record": record, "id": fields.get("id", ""), "url": url or ""}


def _key(row: Mapping[str, str]) -> str:
    record = row.get("record", "")
    fields: dict[str, Any] = {"input": row.get("input", ""), "id": row.get("id") or None}
    if record.isdigit():
        fields["line"] = int(record)
        fields["url"] = row.get("url") or None
    elif record:
        fields["warc_record_id"] = record
    return key_of(fields)


class Table:
    """The CSV file of a run, opened for appending (see the module doc)."""

    def __init__(self, path: str, categories: Iterable[str], force: bool) -> None:
        self.path = path
        self.columns = columns(categories)
        self.keys: set[str] = set()
        folder = os.path.dirname(os.path.abspath(path))
        os.makedirs(folder, exist_ok=True)
        fresh = force or not os.path.exists(path) or os.path.getsize(path) == 0
        if not fresh:
            repair_tail(path)
            with open(path, encoding="utf-8", newline="") as handle:
                reader = csv.DictReader(handle)
                if reader.fieldnames != self.columns:
                    raise TableMismatch(f"{path}: has other columns than this run's (another newsclean version, "
                                        "or other --rules categories); use --force to write it anew, or another file")
                self.keys = {_key(row) for row in reader}
        self.fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_APPEND | (os.O_TRUNC if fresh else 0), 0o666)
        if fresh:
            self._write(self.columns)

    def has(self, fields: Mapping[str, Any]) -> bool:
        return key_of(fields) in self.keys

    def add(self, fields: Mapping[str, Any], url: str | None, status: str, cells: Mapping[str, Any],
            message: str = "") -> None:
        """Append one row (unless this document's row is there from an earlier run)."""
        row = row_fields(fields, url, str(cells.get("source_url", "")))
        key = key_of(fields)
        if key in self.keys:
            return
        values = {**{c: "" for c in self.columns}, **{k: v for k, v in cells.items() if k in self.columns}, **row,
                  "status": status, "message": message}
        for c in self.columns:
            if c.startswith("removed_") and values[c] == "" and status in ("cleaned", "unchanged", "dropped"):
                values[c] = 0
        # One row a line (the resume check reads lines): line breaks inside a cell become spaces.
        self._write([" ".join(v.splitlines()) if isinstance(v, str) else v for v in (values[c] for c in self.columns)])
        self.keys.add(key)

    def _write(self, cells: list[Any]) -> None:
        buffer = io.StringIO()
        csv.writer(buffer, lineterminator="\n").writerow(cells)
        data = buffer.getvalue().encode("utf-8")
        while data:  # one write: a row is whole, or cut off and repaired by the next run
            data = data[os.write(self.fd, data):]

    def close(self) -> None:
        os.close(self.fd)
