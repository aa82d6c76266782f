"""The line scorer as it was at c49b6ed (the merge that shipped the model): the reference that
the fast code in ``newsclean/model`` must match, feature for feature and score for score
(bench/line_model_speed.py checks it).

The reference is not a copy in the tree: its three modules (``features.py``, ``trees.py``,
``scorer.py`` of ``newsclean/model``) are read from the repository's history at that revision and
loaded as modules of their own, importing each other. One change is applied to the loop of
``line_findings``: main's later ``wordless`` mask (a rule of the loop, not a feature), so that the
removals can be compared too. When the features change on purpose (a retrained model), move
``REVISION`` to the commit that ships it. Needs git and the repository's history (a clone).
"""

from __future__ import annotations

import subprocess
import sys
import types
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
REVISION = "c49b6ed"
_MODULES = ("features", "trees", "scorer")
# main's wordless mask, added to the reference loop where the shipped code had none.
_WORDLESS = (
    ("    table = line_table(texts)\n",
     "    table = line_table(texts)\n"
     "    wordless = np.fromiter((not any(c.isalnum() for c in t) for t in texts), dtype=bool, count=len(texts))\n"),
    ('        take = (scores > threshold) & (round_flags <= FLAGS["cut"])\n',
     '        take = (scores > threshold) & (round_flags <= FLAGS["cut"]) & ~wordless[active]\n'),
)


def _source(name: str) -> str:
    path = f"newsclean/model/{name}.py"
    done = subprocess.run(["git", "-C", str(ROOT), "show", f"{REVISION}:{path}"], capture_output=True, text=True)
    if done.returncode:
        raise SystemExit(f"the reference code needs the repository's history ({REVISION}:{path}): "
                         f"{done.stderr.strip()}")
    source = done.stdout
    for other in _MODULES:  # the reference modules import each other, not today's
        source = source.replace(f"from newsclean.model.{other} import", f"from _line_model_ref_{other} import")
    if name == "scorer":
        for old, new in _WORDLESS:
            if source.count(old) != 1:
                raise SystemExit(f"{REVISION}:{path} does not read as expected: {old.strip()!r}")
            source = source.replace(old, new)
    return source


def _load() -> dict[str, types.ModuleType]:
    modules = {}
    for name in _MODULES:  # in the order they import each other
        module = types.ModuleType(f"_line_model_ref_{name}")
        module.__file__ = f"{REVISION}:newsclean/model/{name}.py"
        sys.modules[module.__name__] = module  # dataclasses and pickling look modules up here
        exec(compile(_source(name), module.__file__, "exec"), module.__dict__)
        modules[name] = module
    return modules


_REF = _load()
scorer = _REF["scorer"]  # its module: the check wraps the names its loop calls
LineTable = _REF["features"].LineTable
NAMES = _REF["features"].NAMES
features = _REF["features"].features
line_table = _REF["features"].line_table
sequence = _REF["scorer"].sequence
line_findings = _REF["scorer"].line_findings
reference_model = _REF["trees"].default_model  # the shipped model file, read by the reference code
