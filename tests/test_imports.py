"""The import graph: the model is plain data at the bottom, and no module imports itself back.

Read from the import statements of ``govtables/*.py`` (module level only: a function-local import,
such as ``Report.to_pandas`` importing ``govtables.export`` when called, and an ``if TYPE_CHECKING:``
import run at no import time and make no cycle).
"""

from __future__ import annotations

import ast
from graphlib import CycleError, TopologicalSorter
from pathlib import Path

import govtables

PACKAGE = Path(govtables.__file__).parent
MODULES = {path.stem: path for path in PACKAGE.glob("*.py")}

#: What the model may stand on: modules that import no other govtables module but each other.
#: ``text`` gives TextCell its normalised form and key; ``errors`` is what ``text`` raises.
MODEL_FLOOR = {"text", "errors"}


def _type_checking(node: ast.If) -> bool:
    return isinstance(node.test, ast.Name) and node.test.id == "TYPE_CHECKING"


def module_imports(name: str) -> set[str]:
    """The govtables modules ``name`` imports when it is imported."""
    tree = ast.parse(MODULES[name].read_text("utf-8"))
    found: set[str] = set()
    statements: list[ast.stmt] = list(tree.body)
    while statements:
        node = statements.pop()
        if isinstance(node, ast.If) and not _type_checking(node):
            statements.extend(node.body + node.orelse)
        elif isinstance(node, ast.Try):
            statements.extend(node.body + node.orelse + node.finalbody)
        elif isinstance(node, ast.ImportFrom) and node.level == 1:
            if node.module:
                found.add(node.module.split(".")[0])
            else:  # from . import statutory_fields
                found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("govtables."):
            found.add(node.module.split(".")[1])
        elif isinstance(node, ast.Import):
            found.update(a.name.split(".")[1] for a in node.names if a.name.startswith("govtables."))
    return found & MODULES.keys()


def test_reads_imports() -> None:
    assert module_imports("metadata") == {"model", "text"}
    assert "statutory_fields" in module_imports("statutory")  # from . import statutory_fields
    # model imports export inside methods and statutory under TYPE_CHECKING: neither counts
    source = MODULES["model"].read_text("utf-8")
    assert "from .export import" in source and "from .statutory import" in source
    assert not {"export", "statutory"} & module_imports("model")


def test_model_stands_only_on_the_floor() -> None:
    assert module_imports("model") <= MODEL_FLOOR
    for name in MODEL_FLOOR:
        assert module_imports(name) <= MODEL_FLOOR, name


def test_no_import_cycle() -> None:
    graph = {name: module_imports(name) - {"__init__"} for name in MODULES if name != "__init__"}
    try:
        order = list(TopologicalSorter(graph).static_order())
    except CycleError as exc:  # pragma: no cover - the failure message
        raise AssertionError(f"import cycle: {exc.args[1]}") from None
    assert order.index("model") < min(order.index(n) for n in ("labels", "values", "export", "view", "statutory"))
