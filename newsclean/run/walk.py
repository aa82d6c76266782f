"""Find the documents to clean: files, folders (recursively) and glob patterns, in a stable order.

``find_inputs(specs)`` streams :class:`Found` items in command-line order, each folder walked in
sorted name order, one folder listing in memory at a time. Each item has the path to read and
``rel``, its relative path below the argument it came from (a folder: the path below it; a glob:
the path below the pattern's fixed leading folders; a file: its name), which the batch runner
mirrors under OUT. ``rel`` never contains ``..`` or an absolute part.

Every regular file is found, whatever its name (``page.php``, ``index.html?p=2``, a hash): what
it holds is decided from its bytes later (:mod:`newsclean.run.sniff`). Hidden files and folders
(a name starting with ``.``) are not read and come back as skipped; ``include``/``exclude`` glob
patterns narrow the walk.

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
from contextlib import suppress
from dataclasses import dataclass, replace

__all__ = ["Found", "Narrow", "find_inputs", "INPUT_SUFFIXES", "PARTIAL_SUFFIX", "is_input_name", "file_id",
           "split_glob", "output_stem"]

# Suffixes an output name drops (``story.html`` -> ``story.txt``); other names keep theirs.
INPUT_SUFFIXES = (".html", ".htm", ".txt", ".md", ".jsonl", ".warc")
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
    # Another file of its folder makes the same output name (story.html, story.txt): the
    # output is then named after the whole input name (story.html.txt, story.txt.txt).
    full_name: bool = False


def is_input_name(name: str) -> bool:
    """True for the names newsclean knows by their suffix: ``.html .htm .txt .md .jsonl .warc``
    and ``.gz`` of these (case-insensitive). The walk no longer needs it: every file is read."""
    lower = name.lower()
    if lower.endswith(".gz"):
        lower = lower[:-3]
    return lower.endswith(INPUT_SUFFIXES)


@dataclass(frozen=True)
class Narrow:
    """``--include`` / ``--exclude`` glob patterns. A pattern without ``/`` is matched against a
    file's name, one with ``/`` against its path below the argument. ``exclude`` also passes
    over the folders it matches; with ``include`` given, only the files it matches are read."""

    include: tuple[str, ...] = ()
    exclude: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        object.__setattr__(self, "_include", [_pattern(p) for p in self.include])
        object.__setattr__(self, "_exclude", [_pattern(p) for p in self.exclude])

    def excluded(self, rel: str) -> bool:
        return any(_matches(p, rel) for p in self._exclude)  # type: ignore[attr-defined]

    def wanted(self, rel: str) -> bool:
        """A file is read: not excluded, and included when there are include patterns."""
        if self.excluded(rel):
            return False
        return not self._include or any(_matches(p, rel) for p in self._include)  # type: ignore[attr-defined]


def _pattern(glob_pattern: str) -> tuple[bool, re.Pattern[str]]:
    text = glob_pattern.replace(os.sep, "/").strip("/")
    return "/" in text, _glob_regex(text)


def _matches(pattern: tuple[bool, re.Pattern[str]], rel: str) -> bool:
    by_path, regex = pattern
    return bool(regex.match(rel if by_path else rel.rsplit("/", 1)[-1]))


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
    def __init__(self, follow_symlinks: bool, exclude: frozenset[FileId], narrow: Narrow) -> None:
        self.follow = follow_symlinks
        self.exclude = exclude
        self.narrow = narrow

    def walk(self, root: str, match: re.Pattern[str] | None = None,
             max_depth: int | None = None) -> Iterator[Found]:
        """Files below ``root`` (matching ``match``, for a glob)."""
        root_id = file_id(root)
        if root_id is None or root_id in self.exclude:
            return
        # One entry per folder being walked: its remaining sorted entries, id, rel, matched,
        # and the output stems that two of its files share (a.html and a.txt both make a.txt).
        stack: list[tuple[Iterator[os.DirEntry[str]], frozenset[str], FileId, str, bool]] = []
        listing = self._list(root, "")
        if isinstance(listing, Found):
            yield listing
            return
        stack.append((*listing, root_id, "", match is None))
        while stack:
            entries, shared, _, rel_dir, included = stack[-1]
            entry = next(entries, None)
            if entry is None:
                stack.pop()
                continue
            rel = f"{rel_dir}{entry.name}"
            if entry.name.startswith("."):
                if not entry.name.endswith(PARTIAL_SUFFIX) and (included or bool(match and match.match(rel))):
                    yield Found(entry.path, rel, "skipped", "Hidden", "hidden (name starts with a dot)")
                continue
            if self.narrow.excluded(rel):
                continue
            found = self._entry(entry, rel, [s[2] for s in stack])
            if found is None:
                continue
            selected = included or bool(match and match.match(rel))
            if isinstance(found, Found):
                if selected and (found.status != "input" or self.narrow.wanted(rel)):
                    yield replace(found, full_name=output_stem(entry.name) in shared) \
                        if found.status == "input" else found
                continue
            if max_depth is not None and not selected and rel.count("/") + 1 >= max_depth:
                continue
            listing = self._list(entry.path, rel)
            if isinstance(listing, Found):
                yield listing
                continue
            stack.append((*listing, found, rel + "/", selected))

    def _list(self, path: str, rel: str) -> tuple[Iterator[os.DirEntry[str]], frozenset[str]] | Found:
        """The folder's entries in name order, and the output stems two or more of its
        (non-hidden) files share: those files are named in full in OUT, on every run."""
        try:
            with os.scandir(path) as it:
                entries = sorted(it, key=lambda e: e.name)
        except OSError as exc:
            return Found(path, rel, "failed", type(exc).__name__,
                         f"cannot list folder: {exc.strerror or exc}")
        seen: set[str] = set()
        shared: set[str] = set()
        for e in entries:
            if e.name.startswith("."):
                continue
            with suppress(OSError):
                if e.is_dir():
                    continue
            stem = output_stem(e.name)
            (shared if stem in seen else seen).add(stem)
        return iter(entries), frozenset(shared)

    def _entry(self, entry: os.DirEntry[str], rel: str, ancestors: list[FileId]) -> Found | FileId | None:
        """A file as a Found, a folder to enter as its id, or None to pass over."""
        if entry.name.endswith(PARTIAL_SUFFIX):
            return None
        try:
            link = entry.is_symlink()
            if link and not self.follow:
                return Found(entry.path, rel, "skipped", "Symlink",
                             "symbolic link not followed (use --follow-symlinks)")
            st = entry.stat(follow_symlinks=True)
        except FileNotFoundError:
            return Found(entry.path, rel, "failed", "BrokenSymlink", "symbolic link to nothing")
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
                exclude: Iterable[FileId] = (), narrow: Narrow | None = None) -> Iterator[Found]:
    """Everything to clean under ``specs``, in order; ``exclude`` ids (OUT, the report) are passed
    over; ``narrow`` applies ``--include`` / ``--exclude`` to the files found in folders and globs
    (a file named on the command line is always read)."""
    walker = _Walker(follow_symlinks, frozenset(exclude), narrow or Narrow())
    for spec in specs:
        yield from _spec(spec, walker)
