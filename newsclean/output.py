"""Rendering an :class:`~newsclean.article.Article` in the output formats (text, markdown, JSON)."""

from __future__ import annotations

import json

from newsclean.article import Article

__all__ = ["FORMATS", "render"]

FORMATS = ("text", "markdown", "json")


def render(article: Article, fmt: str, *, links: bool = False) -> str:
    """The article in one of :data:`FORMATS`, ending with a newline unless empty; ``links``
    keeps links in markdown."""
    if fmt == "json":
        return json.dumps(article.to_dict(), ensure_ascii=False, indent=2) + "\n"
    if fmt == "markdown":
        return article.to_markdown(links=links)
    if fmt != "text":
        raise ValueError(f"format must be one of {', '.join(FORMATS)}, not {fmt!r}")
    return article.body + "\n" if article.body else ""
