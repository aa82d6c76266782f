"""Pathological inputs and the package's regular expressions, shared by tests and benchmark.

``package_patterns()`` walks every ``newsclean`` module for compiled patterns, so a regex added
later is covered without touching the tests. ``adversarial(pattern, size)`` builds strings from
a pattern's own vocabulary that would make a backtracking regex blow up. The ``*_text`` /
``*_html`` / ``*_bytes`` builders make the pathological documents of issue 6 at any size.
"""

from __future__ import annotations

import dataclasses
import functools
import gzip
import importlib
import inspect
import pkgutil
import re
from functools import _lru_cache_wrapper
from pathlib import Path
from typing import Any, Iterator

import newsclean

ROOT = Path(__file__).resolve().parents[2]
NORMAL = ROOT / "fixtures" / "text" / "ferry_strike.txt"
NORMAL_HTML = ROOT / "fixtures" / "html" / "jsonld-newsarticle.html"


# --- the package's regular expressions -------------------------------------------------------

def _patterns_in(value: Any, where: str, depth: int = 0) -> Iterator[tuple[str, re.Pattern]]:
    """Compiled patterns inside a value: itself, or in a tuple/list/dict/dataclass it holds."""
    if depth > 3:
        return
    if isinstance(value, re.Pattern):
        yield where, value
    elif isinstance(value, (tuple, list, frozenset, set)):
        for i, item in enumerate(value):
            yield from _patterns_in(item, f"{where}[{i}]", depth + 1)
    elif isinstance(value, dict):
        for key, item in value.items():
            if isinstance(item, (re.Pattern, tuple, list, dict)) or dataclasses.is_dataclass(item):
                yield from _patterns_in(item, f"{where}[{key!r}]", depth + 1)
    elif dataclasses.is_dataclass(value) and not isinstance(value, type):
        for f in dataclasses.fields(value):
            yield from _patterns_in(getattr(value, f.name), f"{where}.{f.name}", depth + 1)


def _cached_builders(module: Any) -> Iterator[tuple[str, Any]]:
    """Results of the module's ``lru_cache`` builders that take nothing or a language.

    Word-list regexes are compiled on first use inside such functions (byline and date
    vocabularies, caption credits, tag labels), not at import time.
    """
    from newsclean.detect.wordlists import languages

    for name, fn in vars(module).items():
        if not isinstance(fn, _lru_cache_wrapper) or getattr(fn, "__module__", None) != module.__name__:
            continue
        params = list(inspect.signature(fn).parameters)
        if not params:
            yield f"{module.__name__}.{name}()", fn()
        elif params == ["lang"]:
            for lang in languages():
                yield f"{module.__name__}.{name}({lang!r})", fn(lang)


@functools.lru_cache(maxsize=None)
def package_patterns() -> tuple[tuple[str, re.Pattern], ...]:
    """Every compiled regex of newsclean: module-level objects, those built by cached builders
    (byline and date vocabularies, caption credits, tag labels), the word-list rules of every
    language, and regex literals written inline in function bodies. Walked once per process."""
    from newsclean.detect.clutter import rulebook
    from newsclean.detect.wordlists import languages

    found: dict[int, tuple[str, re.Pattern]] = {}
    modules = [newsclean] + [importlib.import_module(m.name) for m in
                             pkgutil.walk_packages(newsclean.__path__, "newsclean.")
                             if not m.name.endswith("__main__")]  # importing it runs the command
    for module in modules:
        for name, value in vars(module).items():
            if isinstance(getattr(value, "__module__", None), str) and inspect.ismodule(value):
                continue
            for where, pattern in _patterns_in(value, f"{module.__name__}.{name}"):
                found.setdefault(id(pattern), (where, pattern))
        for where, value in _cached_builders(module):
            for at, pattern in _patterns_in(value, where):
                found.setdefault(id(pattern), (at, pattern))
    for rule in rulebook(languages(), frozenset()).rules:
        if rule.regex is not None:
            found.setdefault(id(rule.regex), (f"rule {rule.source} [{rule.kind}] {rule.pattern}", rule.regex))
    seen = {(p.pattern, p.flags) for _, p in found.values()}
    for where, source, flags in inline_patterns():
        pattern = re.compile(source, flags)
        if (pattern.pattern, pattern.flags) not in seen:
            seen.add((pattern.pattern, pattern.flags))
            found[id(pattern)] = (f"{where} (inline)", pattern)
    return tuple(sorted(found.values(), key=lambda item: item[0]))


_ESCAPES = re.compile(r"\\[sSdDwWbBAZ]|\\u[0-9a-fA-F]{4}|\\U[0-9a-fA-F]{8}|\\x[0-9a-fA-F]{2}"
                      r"|\\N\{[^}]*\}|\?P<\w+>|\(\?P=\w+\)|\{\d*,?\d*\}|\[\^|\(\?[:=!<]+")
_PUNCT = "[](){}<>*_#:;,.!?|-/\\@\"'“”’»•·…$&=+~`%^"


def vocabulary(pattern: re.Pattern) -> tuple[list[str], str]:
    """(words, punctuation) that a pattern's source spells out, for adversarial strings."""
    source = pattern.pattern if isinstance(pattern.pattern, str) else pattern.pattern.decode("latin-1")
    bare = _ESCAPES.sub(" ", source).replace("\\", "")
    words = list(dict.fromkeys(w.lower() for w in re.findall(r"[^\W\d_]{2,}", bare)))[:40]
    punct = "".join(dict.fromkeys(c for c in bare if not c.isalnum() and not c.isspace()))
    return words or ["word"], punct or "."


def _fill(unit: str, size: int, head: str = "", tail: str = "") -> str:
    if not unit:
        unit = " "
    body = unit * (max(0, size - len(head) - len(tail)) // len(unit) + 1)
    return head + body[: max(0, size - len(head) - len(tail))] + tail


def adversarial(pattern: re.Pattern, size: int = 100_000) -> list[tuple[str, str]]:
    """Strings of ``size`` characters built from the pattern's own vocabulary that would make
    a backtracking regex blow up: repeated prefixes, long runs of spaces and punctuation,
    unclosed markdown links, almost-matches that fail at the very end."""
    words, punct = vocabulary(pattern)
    phrase = " ".join(words)
    prefix = " ".join(words[:-1]) or words[0]
    cases = [
        ("phrase repeated", _fill(phrase + " ", size)),
        ("prefix repeated", _fill(prefix + " ", size)),
        ("prefix, no end", _fill(prefix + ", ", size, tail="!")),
        ("words glued", _fill("".join(words), size)),
        ("words, long spaces", _fill(" ".join(w + " " * 200 for w in words), size)),
        ("words, punctuation runs", _fill("".join(w + punct * 3 + " " for w in words), size)),
        ("Title Case", _fill(" ".join(w.title() for w in words) + " ", size)),
        ("UPPER and glued", _fill("".join(w.upper() + w for w in words), size)),
        ("own punctuation", _fill(punct, size)),
        ("spaces", _fill(" ", size, head=words[0], tail=words[-1])),
        ("tabs and nbsp", _fill("\t\u00a0 ", size, head=words[0])),
        ("letters", _fill("a", size)),
        ("letters, spaced", _fill("a ", size)),
        ("digits", _fill("1", size)),
        ("digits and separators", _fill("12:34 1,2.3-4/5 ", size)),
        ("emails unfinished", _fill("a.b@c.d-", size)),
        ("urls unfinished", _fill("http://www.", size)),
        ("unclosed link", _fill("a", size, head="[")),
        ("unclosed links", _fill("[" + words[0] + "](", size)),
        ("link, no close paren", _fill("b", size, head=f"![{words[0]}](")),
        ("brackets", _fill("[", size)),
        ("emphasis", _fill("*_", size)),
        ("bold unclosed", _fill("**" + words[0] + " ", size)),
        ("escapes", _fill("\\", size)),
        ("hashes", _fill("#", size)),
        ("angle brackets", _fill("<", size)),
        ("sentence ends", _fill(". ", size)),
        ("quotes", _fill("\"'“”", size)),
        ("glued sentences", _fill("aB", size)),
        ("hashtags", _fill("#a-", size)),
        ("slashes", _fill(" / ", size)),
        ("mixed scripts", _fill(words[0] + " Ωμέγα Россия 東京 عربى 🎉 ", size)),
    ]
    for char in dict.fromkeys(punct):
        cases.append((f"{char!r} run", _fill(char, size, head=words[0], tail=words[-1])))
        cases.append((f"words joined by {char!r}", _fill(char.join(words) + char, size)))
    return cases


def inline_patterns() -> list[tuple[str, str, int]]:
    """Regex literals passed straight to ``re.sub``/``re.findall``/… inside functions:
    (where, pattern, flags), found by reading the package's source."""
    import ast

    out = []
    for path in sorted(Path(newsclean.__file__).parent.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
                    and isinstance(node.func.value, ast.Name) and node.func.value.id == "re"
                    and node.func.attr in ("compile", "sub", "subn", "search", "match", "fullmatch",
                                           "findall", "finditer", "split")
                    and node.args and isinstance(node.args[0], ast.Constant)):
                continue
            flags = 0
            for arg in list(node.args[1:]) + [kw.value for kw in node.keywords]:
                for sub in ast.walk(arg):  # re.I, re.I | re.S, flags=re.DOTALL
                    if isinstance(sub, ast.Attribute) and isinstance(sub.value, ast.Name) \
                            and sub.value.id == "re" and sub.attr.isupper():
                        flags |= getattr(re, sub.attr)
            out.append((f"{path.relative_to(ROOT)}:{node.lineno}", node.args[0].value, flags))
    return out


def determinism_inputs() -> list[tuple[str | None, str]]:
    """(kind, text) pairs whose output must not depend on the process: every fixture, and
    documents mixing their lines at random (fixed seed), so set or dict order would show."""
    import random

    texts = [p.read_bytes().decode("utf-8-sig") for p in sorted((ROOT / "seeds").glob("*.txt"))
             + sorted((ROOT / "fixtures" / "text").glob("*.txt"))]
    pages = [p.read_bytes().decode("utf-8", "replace") for p in sorted((ROOT / "fixtures" / "html").glob("*.html"))]
    lines = [line for text in texts for line in text.splitlines()]
    rng = random.Random(6)
    mixed = ["\n".join(rng.choice(lines) for _ in range(60)) for _ in range(20)]
    return [("text", t) for t in texts + mixed] + [(None, p) for p in pages]


# --- pathological documents ----------------------------------------------------------------------

def normal_text(size: int) -> str:
    """A news story (a text fixture) repeated to ``size`` characters: the yardstick."""
    story = NORMAL.read_text(encoding="utf-8")
    return (story * (size // len(story) + 1))[:size]


def single_line(size: int) -> str:
    """The story's prose as one line of ``size`` characters."""
    return " ".join(normal_text(size).split())[:size]


def word_lines(count: int) -> str:
    return "word\n" * count


def link_lines(count: int) -> str:
    return "".join(f"- [Related headline number {i}](https://example.com/story/{i})\n" for i in range(count))


def normal_html(size: int) -> str:
    """A page whose article has as many paragraphs as ``size`` characters hold."""
    para = ("<p>The harbour bridge reopened on Tuesday after two years of repairs, and the council "
            "said traffic on the coast road would return to normal by the end of the month.</p>\n")
    head = "<!DOCTYPE html><html><head><title>Bridge reopens</title></head><body><article><h1>Bridge reopens</h1>"
    tail = "</article></body></html>"
    return head + para * max(1, (size - len(head) - len(tail)) // len(para)) + tail


def deep_html(depth: int) -> str:
    return ("<!DOCTYPE html><html><body>" + "<div>" * depth + "<p>deep</p>" + "</div>" * depth
            + normal_html(4000)[len("<!DOCTYPE html><html>"):])


def links_html(count: int) -> str:
    links = "".join(f'<li><a href="https://example.com/{i}">Headline {i}</a></li>' for i in range(count))
    return normal_html(4000).replace("</article>", f"</article><ul>{links}</ul>")


def billion_laughs(levels: int = 10) -> str:
    """The classic entity bomb: ``&lol9;`` would expand to 10**9 "lol"s in a naive XML parser."""
    ents = ['<!ENTITY lol "lol">'] + [f'<!ENTITY lol{i} "{("&lol%s;" % (i - 1 if i > 1 else "")) * 10}">'
                                      for i in range(1, levels)]
    return ('<?xml version="1.0"?>\n<!DOCTYPE html [' + "".join(ents) + "]>\n"
            f"<html><body><p>&lol{levels - 1};</p>" + normal_html(4000)[len("<!DOCTYPE html><html><body>"):])


def external_entity(path: str) -> str:
    return (f'<?xml version="1.0"?><!DOCTYPE html [<!ENTITY xxe SYSTEM "file://{path}">]>'
            + normal_html(4000).replace("<p>", "<p>&xxe; ", 1)[len("<!DOCTYPE html>"):])


def huge_class_html(size: int) -> str:
    return normal_html(4000).replace("<article>", f'<article><div class="{"a" * size}">x</div>')


def bad_bytes() -> dict[str, bytes]:
    """Byte inputs that need a decision: (name → bytes)."""
    story = NORMAL.read_text(encoding="utf-8")
    page = normal_html(4000)
    return {
        "undecodable": bytes(range(128, 256)) * 64,
        "wrong declared charset": page.replace("<head>", '<head><meta charset="utf-8">').encode("cp1252")
        + "é à ü".encode("cp1252"),
        "unknown declared charset": page.replace("<head>", '<head><meta charset="x-klingon">').encode(),
        "utf-16 without BOM": story.encode("utf-16-le"),
        "utf-16-be without BOM": story.encode("utf-16-be"),
        "truncated gzip": gzip.compress(story.encode())[:-20],
        "corrupt gzip": b"\x1f\x8b" + b"\x00" * 64,
        "binary": bytes(range(256)) * 16,
        "NULs in text": story.encode()[:500] + b"\x00" + story.encode()[500:],
    }
