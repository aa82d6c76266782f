"""Shared test set-up: readable YAML for regression files, and the fixture inventory."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from pytest_regressions.data_regression import RegressionYamlDumper

ROOT = Path(__file__).resolve().parents[1]
SEEDS = sorted((ROOT / "seeds").glob("*.txt"))
TEXT_FIXTURES = sorted((ROOT / "fixtures" / "text").glob("*.txt"))
HTML_FIXTURES = sorted((ROOT / "fixtures" / "html").glob("*.html"))


def _literal_str(dumper: yaml.SafeDumper, data: str) -> yaml.ScalarNode:
    # Multi-line strings as literal blocks, so a reviewer can read an expected article.
    style = "|" if "\n" in data else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", data, style=style)


# An exact-type representer: PyYAML looks those up before multi-representers, so
# add_custom_yaml_representer (a multi-representer) would never be used for str.
yaml.add_representer(str, _literal_str, Dumper=RegressionYamlDumper)


@pytest.fixture(scope="session")
def root() -> Path:
    return ROOT
