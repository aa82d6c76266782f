"""Review pages: what was removed from each document, and why, as one self-contained HTML file.

``review_html(articles)`` is the Python entry; ``newsclean FILE --review PAGE`` and
``newsclean DIR -o OUT --review PAGE`` write the same page (see docs/review.md). The page is
built from ``Article.to_dict()`` data only, plus the input text when the caller has it:
:mod:`~newsclean.review.view` makes each document's lines, :mod:`~newsclean.review.collect`
counts a batch and picks the documents shown, :mod:`~newsclean.review.render` writes the HTML.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping
from itertools import repeat
from typing import Any, Callable

from newsclean.article import Article
from newsclean.review.collect import DEFAULT_LIMIT, Review
from newsclean.review.render import render_page
from newsclean.review.source import read_source

__all__ = ["review_html", "Review", "page_html", "write_page", "read_source", "DEFAULT_LIMIT"]


def _data(item: Article | Mapping[str, Any]) -> Mapping[str, Any]:
    if isinstance(item, Article):
        return item.to_dict()
    if isinstance(item, Mapping):
        return item
    raise TypeError(f"review_html() takes Article objects or their to_dict() mappings, "
                    f"not {type(item).__name__}")


def review_html(articles: Iterable[Article | Mapping[str, Any]], *,
                sources: Iterable[str | None] | None = None, names: Iterable[str] | None = None,
                limit: int = DEFAULT_LIMIT, title: str = "newsclean review") -> str:
    """One self-contained HTML page reviewing ``articles`` (``Article`` objects, or their
    ``to_dict()`` mappings, e.g. the lines of a ``--jsonl`` file).

    ``sources``: the input text of each article, in the same order (``None`` for one without),
    so its lines show exactly as given; without it the view is rebuilt from the body and the
    removals (as it always is for an HTML page: its view is the extracted text). ``names``: how each document is called on the page (default: its ``"input"``
    key, else "document N"). Above ``limit`` documents, the page shows a sample of ``limit``
    (the totals count all of them).

    >>> import newsclean
    >>> text = "Sign up for our newsletter\\n\\nThe council met on Monday."
    >>> page = newsclean.review_html([newsclean.clean(text)], sources=[text])
    >>> page.count('class="rm ')
    1
    """
    review = Review(limit=limit)
    source_list: Iterable[str | None] = repeat(None) if sources is None else sources
    name_list: Iterable[str | None] = repeat(None) if names is None else names
    for n, (item, source, name) in enumerate(zip(articles, source_list, name_list)):
        data = _data(item)
        shown = name if name is not None else str(data.get("input") or f"document {n + 1}")
        review.add(shown, data, source)
    return page_html(review, title=title)


def page_html(review: Review, *, title: str = "newsclean review", run: Mapping[str, Any] | None = None,
              read: Callable[[str], str | None] | None = None) -> str:
    """The page of a collected :class:`Review`; ``read(name)`` gives the input text of a shown
    text document that was added without it (e.g. :func:`read_source` for a batch's files)."""
    docs = review.shown()
    if read is not None:
        review.fill_sources(docs, read)
    return render_page(review, docs, title=title, run=run)


def write_page(path: str | os.PathLike[str], review: Review, **kwargs: Any) -> None:
    """Write :func:`page_html` to ``path`` (atomically: never a half-written page)."""
    from newsclean.run.batch import write_atomic

    target = os.fspath(path)
    folder = os.path.dirname(os.path.abspath(target))
    os.makedirs(folder, exist_ok=True)
    write_atomic(target, page_html(review, **kwargs))
