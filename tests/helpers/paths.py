"""Where the repository's test inputs live: the seeds and the text and HTML fixtures."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
TESTS = ROOT / "tests"
SEEDS = sorted((ROOT / "seeds").glob("*.txt"))
TEXT_FIXTURES = sorted((ROOT / "fixtures" / "text").glob("*.txt"))
HTML_FIXTURES = sorted((ROOT / "fixtures" / "html").glob("*.html"))
