"""Find the documents to clean: files, folders (recursively) and glob patterns, in a stable order.

``find_inputs(specs)`` streams :class:`Found` items in command-line order, each folder walked in
sorted name order, one folder listing in memory at a time. Each item has the path to read and
``rel``, its relative path below the argument it came from (a folder: the path below it; a glob:
the path below the pattern's fixed leading folders; a file: its name), which the batch runner
mirrors under OUT. ``rel`` never contains ``..`` or an absolute part.

Symbolic links found inside folders are skipped unless ``follow_symlinks``; a followed link to a
folder that is already being walked above it (a loop) is skipped and reported. Links named on the
command line are always followed, as ``find -H`` does.
"""

from __future__ import annotations

import glob
import os
import re
import stat
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

__all__ = ["Found", "find_inputs", "INPUT_SUFFIXES", "PARTIAL_SUFFIX", "is_input_name", "file_id",
           "split_glob", "output_stem"]

INPUT_SUFFIXES = (".html", ".htm", ".txt", ".md")
# The batch runner writes outputs under this suffix and renames them; never read one back.
PARTIAL_SUFFIX = ".newsclean-partial"

FileId = tuple[int, int]


@dataclass(frozen=True)
class Found:
    """One thing the walk met. ``status`` is ``"input"``, ``"skipped"`` or ``"failed"``.

    For ``"skipped"`` and ``"failed"``, ``error`` and ``message`` say why (a symbolic link not
    followed, a loop, a folder that cannot be listed, an argument that names nothing).
    """

    path: str
    rel: str = ""
    status: str = "input"
    error: str = ""
    message: str = ""


def is_input_name(name: str) -> bool:
    """True for ``.html .htm .txt .md .warc`` and ``.gz`` of these (case-insensitive)."""
    lower = name.lower()
    if lower.endswith(".gz"):
        lower = lower[:-3]
    return lower.endswith(INPUT_SUFFIXES) or lower.endswith(".warc")  # WARC: newsclean.run.warc


def output_stem(name: str) -> str:
    """The name an output is made from: without ``.gz`` and the input suffix (``a.html.gz`` -> ``a``)."""
    if name.lower().endswith(".gz"):
        name = name[:-3]
    for suffix in INPUT_SUFFIXES:
        if name.lower().endswith(suffix) and len(name) > len(suffix):
            return name[: -len(suffix)]
    return name


def file_id(path: str) -> FileId | None:
    """(device, inode) of what ``path`` names, following links; None when it does not exist."""
    try:
        st = os.stat(path)
    except OSError:
        return None
    return st.st_dev, st.st_ino


def _glob_regex(pattern: str) -> re.Pattern[str]:
    """A glob (``*``, ``?``, ``[...]``, ``**`` for any depth) as a regex over ``/``-joined paths."""
    out: list[str] = []
    i = 0
    while i < len(pattern):
        if pattern.startswith("**/", i):
            out.append("(?:.*/)?")
            i += 3
        elif pattern.startswith("**", i):
            out.append(".*")
            i += 2
        elif pattern[i] == "*":
            out.append("[^/]*")
            i += 1
        elif pattern[i] == "?":
            out.append("[^/]")
            i += 1
        elif pattern[i] == "[" and _class_end(pattern, i) > 0:
            end = _class_end(pattern, i)
            body = pattern[i + 1:end]
            if body.startswith("!"):
                body = "^" + body[1:]
            out.append("[" + body.replace("\\", "\\\\") + "]")
            i = end + 1
        else:
            out.append(re.escape(pattern[i]))
            i += 1
    return re.compile("".join(out) + r"\Z", re.S)


def _class_end(pattern: str, i: int) -> int:
    """Index of the ``]`` closing the class that opens at ``i`` (-1: a literal ``[``)."""
    j = i + 1
    if pattern.startswith("!", j):
        j += 1
    if pattern.startswith("]", j):  # a leading ] is part of the class
        j += 1
    return pattern.find("]", j)


def split_glob(spec: str) -> tuple[str, str]:
    """The fixed leading folder of a glob and the pattern below it (``/``-separated)."""
    parts = spec.replace(os.sep, "/").split("/")
    fixed: list[str] = []
    for part in parts:
        if glob.has_magic(part):
            break
        fixed.append(part)
    base = "/".join(fixed) if fixed else "."
    if fixed == [""]:  # an absolute pattern such as /*.html
        base = "/"
    return base, "/".join(parts[len(fixed):])


class _Walker:
    def __init__(self, follow_symlinks: bool, exclude: frozenset[FileId]) -> None:
        self.follow = follow_symlinks
        self.exclude = exclude

    def walk(self, root: str, match: re.Pattern[str] | None = None,
             max_depth: int | None = None) -> Iterator[Found]:
        """Files below ``root`` with an input suffix (and matching ``match``, for a glob)."""
        root_id = file_id(root)
        if root_id is None or root_id in self.exclude:
            return
        # One entry per folder being walked: its remaining sorted entries, id, rel, matched,
        # and the output stems its files have taken so far (a.html and a.txt both make a.txt).
        stack: list[tuple[Iterator[os.DirEntry[str]], FileId, str, bool, dict[str, str]]] = []
        listing = self._list(root, "")
        if isinstance(listing, Found):
            yield listing
            return
        stack.append((listing, root_id, "", match is None, {}))
        while stack:
            entries, _, rel_dir, included, stems = stack[-1]
            entry = next(entries, None)
            if entry is None:
                stack.pop()
                continue
            rel = f"{rel_dir}{entry.name}"
            found = self._entry(entry, rel, [s[1] for s in stack])
            if found is None:
                continue
            selected = included or bool(match and match.match(rel))
            if isinstance(found, Found):
                if selected and (found.status != "input" or is_input_name(entry.name)):
                    yield self._claim(found, entry.name, stems)
                continue
            if max_depth is not None and not selected and rel.count("/") + 1 >= max_depth:
                continue
            listing = self._list(entry.path, rel)
            if isinstance(listing, Found):
                yield listing
                continue
            stack.append((listing, found, rel + "/", selected, {}))

    @staticmethod
    def _claim(found: Found, name: str, stems: dict[str, str]) -> Found:
        """The first file of a folder to make an output name has it; a later one fails, every run."""
        if found.status != "input":
            return found
        stem = output_stem(name)
        first = stems.setdefault(stem, name)
        if first == name:
            return found
        return Found(found.path, found.rel, "failed", "OutputConflict",
                     f"makes the same output as {first} (only the suffix differs); rename one")

    def _list(self, path: str, rel: str) -> Iterator[os.DirEntry[str]] | Found:
        try:
            with os.scandir(path) as it:
                entries = sorted(it, key=lambda e: e.name)
        except OSError as exc:
            return Found(path, rel, "failed", type(exc).__name__,
                         f"cannot list folder: {exc.strerror or exc}")
        return iter(entries)

    def _entry(self, entry: os.DirEntry[str], rel: str, ancestors: list[FileId]) -> Found | FileId | None:
        """A file as a Found, a folder to enter as its id, or None to pass over."""
        if entry.name.endswith(PARTIAL_SUFFIX):
            return None
        try:
            link = entry.is_symlink()
            if link and not self.follow:
                if is_input_name(entry.name) or entry.is_dir():
                    return Found(entry.path, rel, "skipped", "Symlink",
                                 "symbolic link not followed (use --follow-symlinks)")
                return None
            st = entry.stat(follow_symlinks=True)
        except FileNotFoundError:
            return Found(entry.path, rel, "failed", "BrokenSymlink", "symbolic link to nothing") \
                if is_input_name(entry.name) else None
        except OSError as exc:
            return Found(entry.path, rel, "failed", type(exc).__name__, exc.strerror or str(exc))
        ident = (st.st_dev, st.st_ino)
        if ident in self.exclude:
            return None
        if stat.S_ISDIR(st.st_mode):
            if ident in ancestors:
                return Found(entry.path, rel, "skipped", "SymlinkLoop",
                             "symbolic link loop (links to a folder above it)")
            return ident
        if stat.S_ISREG(st.st_mode):
            return Found(entry.path, rel)
        return None  # sockets, devices, fifos


def _spec(spec: str, walker: _Walker) -> Iterator[Found]:
    if os.path.isdir(spec):
        yield from walker.walk(spec)
    elif os.path.exists(spec):
        ident = file_id(spec)
        if ident not in walker.exclude:
            yield Found(spec, os.path.basename(spec))
    elif glob.has_magic(spec):
        base, pattern = split_glob(spec)
        depth = None if "**" in pattern else pattern.count("/") + 1
        yield from walker.walk(base, _glob_regex(pattern), depth)
    elif os.path.lexists(spec):
        yield Found(spec, os.path.basename(spec), "failed", "BrokenSymlink", "symbolic link to nothing")
    else:
        yield Found(spec, os.path.basename(spec), "failed", "FileNotFoundError", "no such file or folder")


def find_inputs(specs: Iterable[str], *, follow_symlinks: bool = False,
                exclude: Iterable[FileId] = ()) -> Iterator[Found]:
    """Everything to clean under ``specs``, in order; ``exclude`` ids (OUT, the report) are passed over."""
    walker = _Walker(follow_symlinks, frozenset(exclude))
    for spec in specs:
        yield from _spec(spec, walker)
