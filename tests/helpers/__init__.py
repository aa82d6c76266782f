"""Helpers shared by the tests and the benchmarks (none of them is a test module).

pytest puts ``tests/`` on ``sys.path`` (``pythonpath`` in pyproject.toml), so a test imports
``helpers.<module>`` in the default import mode and in ``--import-mode=importlib`` alike;
a benchmark or a child process inserts ``tests/`` itself.
"""
