"""How to clean: one typed :class:`Options` object, the only way options travel.

``clean()``, ``clean_many()``, the batch runner, WARC, Dask and the command line all build one
``Options`` and hand it on; it is checked when it is made, so a misspelt detector name is one
error at the call, not one per document.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Iterable

from newsclean.errors import OptionError

if TYPE_CHECKING:
    from newsclean.detect.user_rules import RuleSet

__all__ = ["Options", "KINDS", "FAVOR"]

KINDS = ("text", "markdown", "html")
# Where the learned scorers put their thresholds: fewer removals, the validated default, more.
FAVOR = ("precision", "balanced", "recall")


@dataclass(frozen=True)
class Options:
    """Cleaning options.

    ``kind``: ``"text"`` (plain text: no markdown unwrapping), ``"markdown"`` or ``"html"``;
    ``None`` detects HTML from the content and reads anything else as markdown.
    ``lang``: the document's language (its word lists run with English's); ``None`` detects it.
    ``disable``: detector names to skip (see ``newsclean.DETECTORS``).
    ``favor``: ``"precision"``, ``"balanced"`` or ``"recall"`` for the learned scorers (the
    text line scorer's threshold; on HTML pages, the block scorer's, none for ``"precision"``).
    ``rules``: user rules (:mod:`newsclean.detect.user_rules`): a loaded ``RuleSet``, or the
    path of a rules file (loaded and checked here).
    ``links``: keep the links of an HTML page, for markdown output (``[text](url)``).
    """

    kind: str | None = None
    lang: str | None = None
    disable: tuple[str, ...] = ()
    favor: str = "balanced"
    rules: RuleSet | None = None
    links: bool = False
    disabled: frozenset[str] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        from newsclean.detect.registry import check_names  # the registry imports errors only

        if self.kind is not None and self.kind not in KINDS:
            raise OptionError(f"kind must be one of {', '.join(KINDS)}, not {self.kind!r}")
        if self.favor not in FAVOR:
            raise OptionError(f"favor must be one of {', '.join(FAVOR)}, not {self.favor!r}")
        if self.lang is not None and not isinstance(self.lang, str):
            raise OptionError(f"lang must be a language code such as 'en', not {self.lang!r}")
        if isinstance(self.disable, str):
            raise OptionError(f"disable takes a list of detector names, not the string {self.disable!r}")
        disable = tuple(self.disable)
        object.__setattr__(self, "disable", disable)
        object.__setattr__(self, "disabled", check_names(disable))
        if self.rules is not None:
            object.__setattr__(self, "rules", _rule_set(self.rules))


    @classmethod
    def of(cls, options: Options | None = None, *, kind: str | None = None, lang: str | None = None,
           disable: Iterable[str] = (), favor: str | None = None) -> Options:
        """``options`` itself, or one made from the keyword arguments (a function may take either)."""
        if options is not None:
            if kind is not None or lang is not None or tuple(disable) or favor is not None:
                raise OptionError("give options= or the keyword options, not both")
            return options
        return cls(kind, lang, tuple(disable), favor or "balanced")


def _rule_set(rules: Any) -> RuleSet:
    from newsclean.detect.user_rules import RuleSet, load_rules

    if isinstance(rules, RuleSet):
        return rules
    if isinstance(rules, (str, os.PathLike)):
        return load_rules(rules)
    raise OptionError(f"rules takes a rules file's path or a loaded RuleSet, not {type(rules).__name__}")
