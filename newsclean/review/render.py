"""The review page as one self-contained HTML file: inline CSS and JS, nothing fetched.

Every piece of text from a document goes through :func:`html.escape` (quotes included) before
it reaches the page, and JavaScript only ever reads the page (attributes, ``textContent``);
a Content-Security-Policy allows no network and only the page's own script and style (by
hash), so even a mistake in escaping could not run a script or fetch anything.
"""

from __future__ import annotations

import base64
import hashlib
import math
import re
from collections.abc import Mapping, Sequence
from functools import lru_cache
from html import escape
from importlib import resources
from typing import Any

from newsclean.article import METADATA_CATEGORIES
from newsclean.review.collect import Doc, Review
from newsclean.review.view import DocView, Row, build_view

__all__ = ["render_page", "known_categories"]

# Fields of to_dict() shown per document: (key, label, removal categories that can fill it).
_FIELDS = (
    ("title", "title", ("title",)),
    ("subtitle", "subtitle", ("subtitle",)),
    ("authors", "authors", ("byline", "author-bio")),
    ("byline", "byline", ("byline",)),
    ("published", "published", ("date",)),
    ("source_url", "source URL", ("source-url",)),
    ("tags", "tags", ("tags",)),
    ("captions", "captions", ("caption",)),
    ("language", "language", ()),
)
_ELIDE_ROWS = 400  # a longer document shows its removals with a few lines around each
_CONTEXT = 3
_CATEGORY_TOKEN = re.compile(r"[a-z0-9-]{1,40}")


@lru_cache(maxsize=None)
def _asset(name: str) -> str:
    return resources.files("newsclean").joinpath(f"data/review/{name}").read_text(encoding="utf-8")


@lru_cache(maxsize=None)
def known_categories() -> frozenset[str]:
    """Categories with a colour of their own in page.css (the others share one)."""
    return frozenset(re.findall(r"\.c-([a-z0-9-]+)\s*\{", _asset("page.css"))) - {"other"}


def _hash(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode() + "'"


def _cat_class(category: str) -> str:
    return "c-" + category if category in known_categories() else "c-other"


def _label(category: str) -> str:
    return f"{category} (field)" if category in METADATA_CATEGORIES else category


def _num(n: float) -> str:
    return f"{n:,}"


def _pct(part: float, whole: float) -> str:
    return f"{100 * part / whole:.1f}%" if whole else "–"


# --- one removal -------------------------------------------------------------------------------

def _removal(doc_id: str, i: int, r: Mapping[str, Any], shown: str, tag: str = "span") -> str:
    category = str(r.get("category", ""))
    detector = str(r.get("detector", ""))
    code = r.get("code")
    score = r.get("score")
    where = [f"line {r.get('line')}"]
    if r.get("start") is not None:
        where.append(f"characters {r.get('start')}–{r.get('end')}")
    if r.get("path") is not None:
        where.append(f"element {r.get('path')}")
    facts = [f"<b>{escape(_label(category))}</b>", f"detector <code>{escape(detector)}</code>"]
    if code is not None:
        facts.append(f"rule <code>{escape(str(code))}</code>")
    if isinstance(score, (int, float)) and not isinstance(score, bool) and math.isfinite(score):
        facts.append(f"score {score:.3g}")
    tip = (" · ".join(facts) + "<br>" + escape(", ".join(where))
           + "<br>reason: " + escape(str(r.get("reason", ""))))
    # A tab stop; a screen reader reads the details (the tooltip) as its description.
    attrs = (f' class="rm {_cat_class(category)}" id="{doc_id}-r{i}" tabindex="0" aria-describedby="{doc_id}-t{i}"'
             f' data-category="{escape(category)}" data-detector="{escape(detector)}"')
    if code is not None:
        attrs += f' data-code="{escape(str(code))}"'
    return (f"<{tag}{attrs}><span class=\"lab\">{escape(_label(category))}</span>"
            f"<del>{escape(shown)}</del><span class=\"tip\" role=\"tooltip\" id=\"{doc_id}-t{i}\">{tip}</span></{tag}>")


# --- one document ------------------------------------------------------------------------------

def _row(doc_id: str, row: Row, removed: Sequence[Mapping[str, Any]]) -> str:
    parts = []
    for seg in row.segments:
        if seg.removal is None:
            parts.append(escape(seg.text))
        else:
            parts.append(_removal(doc_id, seg.removal, removed[seg.removal], seg.text))
    # Kept small: a page of 1,000 documents has some 60,000 of these.
    number = "" if row.line is None else f"<i>{row.line}</i>"
    note = '<span class="note">unwrapped</span> ' if row.unwrapped else ""
    return f'<p{" class=g" if row.gap else ""}>{number}{note}{"".join(parts)}</p>'


def _visible_rows(rows: list[Row]) -> list[Row | int]:
    """The rows to show; a long document keeps its removals and a few lines around each,
    and each run left out becomes its count."""
    if len(rows) <= _ELIDE_ROWS:
        return list(rows)
    keep = set(range(_CONTEXT)) | set(range(len(rows) - _CONTEXT, len(rows)))
    for i, row in enumerate(rows):
        if any(seg.removal is not None for seg in row.segments):
            keep.update(range(max(i - _CONTEXT, 0), min(i + _CONTEXT + 1, len(rows))))
    out: list[Row | int] = []
    skipped = 0
    for i, row in enumerate(rows):
        if i in keep:
            if skipped:
                out.append(skipped)
                skipped = 0
            out.append(row)
        else:
            skipped += 1
    if skipped:
        out.append(skipped)
    return out


def _text_view(doc_id: str, view: DocView, removed: Sequence[Mapping[str, Any]], html: bool) -> str:
    out = []
    if html:
        heading = "Extracted text"
        how = ("the text extracted from the page, rebuilt from the JSON's body and removals: removals "
               "are on their line; kept lines, shown without numbers, are placed by estimate")
    elif view.exact:
        heading, how = "Input text", "the input as given, line by line; a line cut in part shows its text after markdown unwrapping"
    else:
        heading = "Text"
        how = ("rebuilt from the JSON's body and removals (the input text was not given): removals "
               "are on their line; kept lines, shown without numbers, are placed by estimate")
    out.append(f'<h3>{heading}</h3><p class="how">{escape(how)}.</p>')
    if view.note:
        out.append(f'<p class="warn">{escape(view.note)}.</p>')
    out.append('<div class="txt">')
    for item in _visible_rows(view.rows):
        if isinstance(item, int):
            out.append(f'<p class="skip">… {_num(item)} line{"s" if item != 1 else ""} without '
                       "removals not shown …</p>")
        else:
            out.append(_row(doc_id, item, removed))
    if not view.rows:
        out.append('<p class="skip">(no text)</p>')
    out.append("</div>")
    return "".join(out)


def _dom_list(doc_id: str, view: DocView, removed: Sequence[Mapping[str, Any]]) -> str:
    if not view.dom:
        return ""
    items = "".join(
        f'<li>{_removal(doc_id, i, removed[i], str(removed[i].get("text", "")))}'
        f' <code class="path">{escape(str(removed[i].get("path", "")))}</code></li>'
        for i in view.dom)
    return (f'<h3>Removed from the page’s HTML ({len(view.dom)})</h3><p class="how">Whole elements '
            f'taken out before the text was extracted, with their element path and source line.</p>'
            f'<ul class="dom">{items}</ul>')


def _left_out(data: Mapping[str, Any]) -> str:
    """The main content's blocks the extractor dropped (JSON ``left_out``): not removals, but
    what a reviewer checks first, since no detector vouched for their going."""
    blocks = [b for b in data.get("left_out") or [] if isinstance(b, Mapping)]
    if not blocks:
        return ""
    items = "".join(
        f'<li><span class="leftout">{escape(str(b.get("text", "")))}</span>'
        f' <span class="muted">line {escape(str(b.get("line")))}</span>'
        f' <code class="path">{escape(str(b.get("path", "")))}</code></li>'
        for b in blocks)
    return (f'<details class="leftout"><summary>Left out by the extractor ({len(blocks)})</summary>'
            '<p class="how">Text blocks of the page’s main content that trafilatura did not extract. '
            'newsclean did not remove them and does not count them as removals; check that none '
            'belongs to the story.</p>'
            f'<ul class="dom">{items}</ul></details>')


def _recovered(data: Mapping[str, Any]) -> str:
    """The blocks the block scorer put back into the body (JSON ``recovered``): text no
    extractor chose, added on the model's word; a reviewer checks that each belongs."""
    blocks = [str(b) for b in data.get("recovered") or [] if isinstance(b, str)]
    if not blocks:
        return ""
    items = "".join(f'<li><span class="recovered">{escape(b)}</span></li>' for b in blocks)
    return (f'<details class="recovered"><summary>Put back by the block scorer ({len(blocks)})</summary>'
            '<p class="how">Text blocks of the page that trafilatura left out and the block scorer '
            'put back into the body, where they stand in the page (<code>--favor precision</code> '
            'keeps trafilatura’s choice); check that each belongs to the story.</p>'
            f'<ul class="dom">{items}</ul></details>')


def _value(value: Any) -> str:
    if value is None or value == [] or value == "":
        return "<i>none</i>"
    if isinstance(value, list):
        return "; ".join(escape(str(v)) for v in value)
    return escape(str(value))


def _sources(doc_id: str, key: str, cats: tuple[str, ...], data: Mapping[str, Any]) -> str:
    parts = []
    removed = data.get("removed") or []
    lines = [f'<a href="#{doc_id}-r{i}">line {escape(str(r.get("line")))} ({escape(str(r.get("detector", "")))})</a>'
             for i, r in enumerate(removed)
             if isinstance(r, Mapping) and r.get("category") in cats and r.get("path") is None]
    candidates = (data.get("metadata_sources") or {}).get(key) if isinstance(data.get("metadata_sources"), Mapping) else None
    if isinstance(candidates, list) and candidates:
        chosen = [c for c in candidates if isinstance(c, Mapping) and c.get("chosen")]
        if chosen:
            parts.append(f'{escape(str(chosen[0].get("source", "")))} <code>{escape(str(chosen[0].get("key", "")))}</code>')
        rows = "".join(
            f'<li>{"<b>chosen</b> " if c.get("chosen") else ""}{escape(str(c.get("source", "")))} '
            f'<code>{escape(str(c.get("key", "")))}</code>: {_value(c.get("value"))}</li>'
            for c in candidates if isinstance(c, Mapping))
        parts.append(f'<details><summary>{len(candidates)} candidate{"s" if len(candidates) != 1 else ""}'
                     f'</summary><ul>{rows}</ul></details>')
    if lines:
        parts.append("text " + ", ".join(lines[:6]) + (" …" if len(lines) > 6 else ""))
    return " ".join(parts) or "–"


def _fields(doc_id: str, data: Mapping[str, Any]) -> str:
    rows = []
    empty = []
    for key, label, cats in _FIELDS:
        value = data.get(key)
        sources = data.get("metadata_sources")
        if value in (None, "", []) and not (isinstance(sources, Mapping) and sources.get(key)):
            empty.append(label)
            continue
        rows.append(f"<tr><th scope=\"row\">{label}</th><td>{_value(value)}</td>"
                    f"<td>{_sources(doc_id, key, cats, data)}</td></tr>")
    sources = data.get("metadata_sources")
    if isinstance(sources, Mapping):
        for key in sorted(set(sources) - {k for k, _, _ in _FIELDS}):
            rows.append(f"<tr class=\"extra\"><th scope=\"row\">{escape(str(key))}</th><td><i>not a field</i></td>"
                        f"<td>{_sources(doc_id, str(key), (), data)}</td></tr>")
    table = ('<table class="fields"><caption>Metadata fields and where each came from</caption>'
             '<thead><tr><th scope="col">field</th><th scope="col">value</th><th scope="col">source</th>'
             f'</tr></thead><tbody>{"".join(rows)}</tbody></table>') if rows else ""
    return table + (f'<p class="muted">Empty fields: {", ".join(empty)}.</p>' if empty else "")


def _document(doc: Doc) -> str:
    data = doc.data
    doc_id = f"d{doc.index + 1}"
    removed = [r if isinstance(r, Mapping) else {} for r in data.get("removed") or []]
    # An HTML page's view is its extracted text, rebuilt from the JSON: the page's HTML is no use.
    view = build_view(data, None if doc.is_html else doc.source)
    kind = "HTML page" if doc.is_html else "text"
    facts = [kind, f"{_num(doc.kept)} words kept", f"{_num(doc.removed)} removed as clutter",
             f"{_num(doc.moved)} moved to fields", f"{len(removed)} removal{'s' if len(removed) != 1 else ''}"]
    warnings = "".join(f'<li>{escape(w)}</li>' for w in doc.warnings)
    return (f'<article class="doc" id="{doc_id}" aria-labelledby="{doc_id}-h">'
            f'<h2 id="{doc_id}-h"><span class="idx">#{doc.index + 1}</span> {escape(doc.name)}</h2>'
            f'<p class="facts">{" · ".join(facts)}</p>'
            + (f'<ul class="warn">{warnings}</ul>' if warnings else "")
            + _fields(doc_id, data) + _dom_list(doc_id, view, removed)
            + _text_view(doc_id, view, removed, doc.is_html) + _recovered(data) + _left_out(data)
            + '<p class="top"><a href="#overview">back to the overview</a></p></article>')


# --- the overview ------------------------------------------------------------------------------

def _chart(counts: Mapping[str, int]) -> str:
    """Removals per category as horizontal bars (inline SVG): a label line above each bar."""
    if not counts:
        return "<p>No removals.</p>"
    ranked = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
    top = ranked[0][1]
    row_h = 34
    height = row_h * len(ranked)
    rows = []
    for n, (category, count) in enumerate(ranked):
        y = n * row_h
        width = max(100 * count / top, 0.5)
        rows.append(f'<text x="0" y="{y + 13}">{escape(_label(category))}: {_num(count)}</text>'
                    f'<rect class="{_cat_class(category)}" x="0" y="{y + 18}" width="{width:.2f}%" height="10" rx="2"/>')
    return (f'<svg class="chart" role="img" aria-labelledby="chart-t" width="100%" height="{height}">'
            f'<title id="chart-t">Removals per category, all documents: '
            + escape(", ".join(f"{_label(c)} {n}" for c, n in ranked))
            + f"</title>{''.join(rows)}</svg>")


def _doc_link(doc: Doc | None, name: str, shown: set[int]) -> str:
    if doc is not None and doc.index in shown:
        return f'<a href="#d{doc.index + 1}">{escape(name)}</a>'
    return f'{escape(name)} <span class="muted">(not shown)</span>'


def _overview(review: Review, docs: list[Doc], run: Mapping[str, Any]) -> str:
    shown = {d.index for d in docs}
    total_words = review.words_kept + review.words_removed + review.words_moved
    stats = [
        ("documents cleaned", _num(review.documents)),
        ("failed", _num(review.failed)),
    ]
    for key, label in (("skipped", "skipped"), ("seconds", "run time, seconds")):
        if run.get(key) is not None:
            stats.append((label, escape(str(run[key]))))
    stats += [
        ("words kept (body)", f"{_num(review.words_kept)} ({_pct(review.words_kept, total_words)})"),
        ("words removed as clutter", f"{_num(review.words_removed)} ({_pct(review.words_removed, total_words)})"),
        ("words moved to metadata fields", f"{_num(review.words_moved)} ({_pct(review.words_moved, total_words)})"),
        ("removals", _num(sum(review.by_category.values()))),
        ("documents with warnings", _num(review.with_warnings)),
    ]
    table = "".join(f'<tr><th scope="row">{label}</th><td>{value}</td></tr>' for label, value in stats)
    if review.sampled:
        sample = (f"This page shows {len(docs):,} of the {review.documents:,} documents: the "
                  f"{min(review.top, len(review.most_removed))} with the most words removed, up to "
                  f"{review.warned} with warnings, and the rest drawn at random (seed {review.seed}; "
                  f"--review-limit {review.limit}). The totals and the chart count every document.")
    else:
        sample = f"This page shows all {review.documents:,} document{'s' if review.documents != 1 else ''}."
    if run.get("interrupted"):
        sample += " The run was interrupted: only the documents cleaned before it stopped are counted."
    most = "".join(
        f"<tr><td>{_doc_link(d, d.name, shown)}</td><td>{_num(d.removed)}</td><td>{_pct(d.removed, d.kept + d.removed + d.moved)}</td>"
        f"<td>{len(d.data.get('removed') or [])}</td></tr>" for d in review.most_removed)
    by_name = {d.name: d for d in docs}
    warned = "".join(f"<li>{_doc_link(by_name.get(n), n, shown)}: {escape(w)}</li>"
                     for n, w in review.warning_names)
    failed = "".join(f"<li>{escape(f['path'])}: {escape(f['error'])}: {escape(f['message'])}</li>"
                     for f in review.failures)
    index = "".join(
        f'<tr><td><a href="#d{d.index + 1}">{escape(d.name)}</a></td><td>{_num(d.kept)}</td>'
        f"<td>{_num(d.removed)}</td><td>{len(d.data.get('removed') or [])}</td><td>{len(d.warnings)}</td></tr>"
        for d in docs)
    parts = [
        '<section id="overview" aria-labelledby="overview-h"><h2 id="overview-h">Overview</h2>',
        f'<p class="sample">{escape(sample)}</p>',
        f'<table class="stats">{table}</table>',
        f'<h3>Removals per category</h3>{_chart(review.by_category)}',
    ]
    if most:
        parts.append('<h3>Most removed</h3><div class="scroll"><table><thead><tr><th scope="col">document</th>'
                     '<th scope="col">words removed</th><th scope="col">share</th><th scope="col">removals</th>'
                     f'</tr></thead><tbody>{most}</tbody></table></div>')
    if warned:
        more = review.with_warnings - len(review.warning_names)
        parts.append(f'<h3>Warnings ({_num(review.with_warnings)} documents)</h3><ul class="warned">{warned}</ul>'
                     + (f"<p>… and {_num(more)} more.</p>" if more > 0 else ""))
    if failed:
        more = review.failed - len(review.failures)
        parts.append(f'<h3>Failures ({_num(review.failed)})</h3><ul class="failed">{failed}</ul>'
                     + (f"<p>… and {_num(more)} more.</p>" if more > 0 else ""))
    if index:
        parts.append('<h3>Documents on this page</h3><div class="scroll"><table class="index"><thead><tr>'
                     '<th scope="col">document</th><th scope="col">words kept</th><th scope="col">removed</th>'
                     f'<th scope="col">removals</th><th scope="col">warnings</th></tr></thead><tbody>{index}'
                     "</tbody></table></div>")
    parts.append("</section>")
    return "".join(parts)


def _filters(review: Review) -> str:
    cats = sorted(review.by_category.items(), key=lambda kv: (-kv[1], kv[0]))
    boxes = "".join(
        f'<label class="cat {_cat_class(c)}"><input type="checkbox" checked data-filter-category="{escape(c)}">'
        f'<span class="sw" aria-hidden="true"></span>{escape(_label(c))} <span class="muted">{_num(n)}</span></label>'
        for c, n in cats)
    options = "".join(f'<option value="{escape(d)}">{escape(d)} ({_num(n)})</option>'
                      for d, n in sorted(review.by_detector.items()))
    return ('<section id="filter" aria-labelledby="filter-h"><h2 id="filter-h">Filter removals</h2>'
            f'<fieldset><legend>Categories</legend><div class="cats">{boxes}</div>'
            '<button type="button" id="all">all</button> <button type="button" id="none">none</button></fieldset>'
            '<p><label for="det">Detector</label> <select id="det"><option value="">all detectors</option>'
            f'{options}</select> <label><input type="checkbox" id="only"> only documents with shown removals</label></p>'
            '<p id="status" role="status" aria-live="polite"></p>'
            '<p class="keys">Keys: <kbd>j</kbd>/<kbd>n</kbd> next removal, <kbd>k</kbd>/<kbd>p</kbd> previous, '
            'Tab moves through removals and links; a focused removal shows its detector, rule and reason.</p>'
            "</section>")


def render_page(review: Review, docs: list[Doc], *, title: str = "newsclean review",
                run: Mapping[str, Any] | None = None) -> str:
    """The whole page for the collected ``review`` showing ``docs``."""
    from newsclean import __version__

    css, js = _asset("page.css"), _asset("page.js")
    csp = (f"default-src 'none'; style-src {_hash(css)}; script-src {_hash(js)}; img-src data:; "
           "base-uri 'none'; form-action 'none'")
    body = "".join(_document(doc) for doc in docs)
    return (
        '<!doctype html><html lang="en"><head><meta charset="utf-8">'
        f'<meta http-equiv="Content-Security-Policy" content="{csp}">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{escape(title)}</title><style>{css}</style></head><body>"
        '<a class="skip-link" href="#docs">skip to the documents</a>'
        f'<header><h1>{escape(title)}</h1><p class="muted">newsclean {escape(__version__)} · what was removed '
        "from each document, and why</p></header>"
        f"<main>{_overview(review, docs, run or {})}{_filters(review)}"
        f'<section id="docs" aria-label="Documents" tabindex="-1">{body}</section></main>'
        f"<script>{js}</script></body></html>\n"
    )
