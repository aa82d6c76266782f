"""A second extractor's opinion on the page, for free: the text readability chose.

trafilatura (not in its fast mode) runs readability on every page to compare with its own
extraction, then usually throws the result away. Which segments *both* extractors kept, and
which only one did, is the block scorer's strongest page-level signal that is not in the DOM
(docs/model.md). Running readability a second
time would cost ~20 ms a page, so :func:`readability_seen` records the result of the call that
trafilatura makes anyway.

How: ``trafilatura.external.try_readability`` is wrapped once, on first use, by a function that
calls it unchanged and, only inside :func:`readability_seen` on the same thread, keeps the text
of its first result. Other callers of trafilatura see no difference. If trafilatura has no such
function (a future version), nothing is recorded and the scorer sees "no second opinion", as on
a page where trafilatura skipped readability; ``tests/test_html_second_opinion.py`` fails then.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

__all__ = ["readability_seen", "element_text"]

_LOCAL = threading.local()
_LOCK = threading.Lock()
_STATE: list[bool] = []  # [installed?] once tried


def element_text(el: Any) -> str:
    """An extractor's result element as lines: one per text node (the block scorer's alignment
    finds each line among the page's segments, in order)."""
    return "\n".join(s for s in (t.strip() for t in el.itertext()) if s)


def _install() -> bool:
    """Wrap trafilatura's readability call once per process; False when it cannot be found."""
    if _STATE:
        return _STATE[0]
    with _LOCK:
        if not _STATE:
            try:
                from trafilatura import external

                original: Callable[..., Any] = external.try_readability
            except (ImportError, AttributeError):
                _STATE.append(False)
                return False

            def recording(*args: Any, **kwargs: Any) -> Any:
                result = original(*args, **kwargs)
                box = getattr(_LOCAL, "box", None)
                # The first call is the comparison on the page as given; a later one (trafilatura's
                # recall retry) works on a pruned copy.
                if box is not None and not box:
                    try:
                        box.append(element_text(result))
                    except Exception:  # an odd element must not break trafilatura's extraction
                        pass
                return result

            recording.__wrapped__ = original  # type: ignore[attr-defined]
            external.try_readability = recording
            _STATE.append(True)
    return _STATE[0]


@contextmanager
def readability_seen() -> Iterator[list[str]]:
    """Inside the block, the text of readability's result of the first trafilatura comparison
    on this thread goes into the yielded list (empty when trafilatura did not run it)."""
    box: list[str] = []
    if not _install():
        yield box
        return
    outer = getattr(_LOCAL, "box", None)
    _LOCAL.box = box
    try:
        yield box
    finally:
        _LOCAL.box = outer
