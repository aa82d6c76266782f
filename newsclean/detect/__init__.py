"""Detectors: the registry, word lists and patterns, the clutter pass and the metadata scan."""
