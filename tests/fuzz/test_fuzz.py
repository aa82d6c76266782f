"""The fuzz target for a fixed, small number of inputs (the long run is by hand: docs/robustness.md)."""

from __future__ import annotations

import os

from fuzz.fuzz_clean_file import one_input, run


def test_fuzz_clean_file_for_a_few_hundred_inputs() -> None:
    assert run(int(os.environ.get("NEWSCLEAN_FUZZ_ITERATIONS", "300")), seed=6) > 0


def test_fuzz_target_takes_edge_cases() -> None:
    for data in (b"", b"\x1f\x8b", b"\xff\xfe", b"<", b"\x00" * 10, "é".encode("utf-16-le") * 3):
        one_input(data)
