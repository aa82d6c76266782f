"""Tell HTML from plain text or markdown by looking at the content."""

from __future__ import annotations

import re

__all__ = ["looks_like_html"]

# A document that *starts* with one of these is HTML (after BOM, whitespace and comments).
_LEADING = re.compile(
    r"<(?:!doctype\s+html|html|\?xml|head|body|meta|title|link|base|script|style|main|article"
    r"|section|div|header|nav|table|p)[\s/>]",
    re.IGNORECASE,
)
_COMMENT = re.compile(r"<!--.*?-->", re.DOTALL)
# Tags that markdown or plain text rarely contains, counted further into the document.
_TAG = re.compile(
    r"</?(?:html|head|body|div|span|p|a|article|section|script|meta|link|br|img|h[1-6]|ul|ol|li"
    r"|table|tr|td|header|footer|nav|aside|figure|figcaption|main|iframe|form|input)\b[^<>]{0,2000}>",
    re.IGNORECASE,
)
_SAMPLE = 65536


def looks_like_html(text: str) -> bool:
    """True when ``text`` is an HTML page or fragment rather than text or markdown.

    A page that starts with a doctype or a document-level tag is HTML. Otherwise, HTML is
    assumed only when tags are dense: at least 8 known tags, a closing tag among them, and
    markup making up at least 5% of the first 64 KB. A news story with "<" in a sentence,
    or markdown with the odd inline ``<br>``, stays text.
    """
    head = text[:_SAMPLE].lstrip("\ufeff \t\r\n")
    while head.startswith("<!--"):
        match = _COMMENT.match(head)
        if not match:
            return False
        head = head[match.end():].lstrip()
    if _LEADING.match(head):
        return True
    tags = _TAG.findall(head)
    if len(tags) < 8 or not any(t.startswith("</") for t in tags):
        return False
    return sum(map(len, tags)) >= 0.05 * len(head)
