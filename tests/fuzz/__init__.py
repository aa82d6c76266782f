"""Hostile-input tooling: the fuzz target and the generators of pathological inputs."""
