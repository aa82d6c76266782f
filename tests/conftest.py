"""Shared test set-up: readable YAML for regression files, and the ``root`` fixture.

Shared helper code lives in ``tests/helpers/`` (test modules import it; they never import
this file or each other)."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from pytest_regressions.data_regression import RegressionYamlDumper

from helpers.paths import ROOT


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
