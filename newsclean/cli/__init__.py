"""The ``newsclean`` command."""

from newsclean.cli.command import main

__all__ = ["main"]
