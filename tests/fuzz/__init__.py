"""The fuzz target (the generators of pathological inputs are in tests/helpers/hostile.py)."""
