"""The learned line scorer: clutter that no word list names (see docs/model.md)."""

from __future__ import annotations

from collections.abc import Sequence

from newsclean.detect.registry import Finding
from newsclean.text.lines import Document

__all__ = ["line_model_findings"]


def line_model_findings(doc: Document, findings: Sequence[Finding], favor: str | None = None) -> list[Finding]:
    """The scorer's removals in ``doc``, which the rules' ``findings`` have already cleaned."""
    from newsclean.model.scorer import line_findings
    from newsclean.model.trees import current_model

    return line_findings(doc, findings, current_model(), favor)
