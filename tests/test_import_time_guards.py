"""`import avara` is cheap: it imports no httpx, no pydantic, no resource and no model.

The public names load on first access (a module `__getattr__`), and type checkers see them through
`if TYPE_CHECKING:` imports. These tests guard that shape, not a timing: the timing is
benchmarks/import_time.py. Each check runs in a fresh interpreter, since this one has long
imported everything.
"""

from __future__ import annotations

import ast
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Dict, List, Set

import pytest

ROOT = Path(__file__).resolve().parent.parent
GENERATED = ROOT / "generated"
PACKAGE = GENERATED / "avara"

HEAVY = ("httpx", "httpcore", "anyio", "pydantic", "pydantic_core")


def loaded_after(code: str) -> List[str]:
    """The modules in sys.modules after running `code` in a fresh interpreter."""
    script = code + "\nimport sys, json\nprint(json.dumps(sorted(sys.modules)))"
    env = {**os.environ, "PYTHONPATH": str(GENERATED)}
    env.pop("AVARA_LOG", None)
    done = subprocess.run(
        [sys.executable, "-c", script],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    modules: List[str] = json.loads(done.stdout.splitlines()[-1])
    return modules


def top_level(modules: List[str]) -> Set[str]:
    return {name.split(".")[0] for name in modules}


def test_import_avara_imports_no_httpx_pydantic_resource_or_type() -> None:
    modules = loaded_after("import avara")

    assert not top_level(modules) & set(HEAVY)
    assert [m for m in modules if m.startswith("avara")] == ["avara", "avara._lazy", "avara._version"]


def test_import_avara_types_imports_no_model() -> None:
    modules = loaded_after("import avara.types, avara.types.express")

    assert not top_level(modules) & set(HEAVY)
    assert [m for m in modules if m.startswith("avara")] == [
        "avara",
        "avara._lazy",
        "avara._version",
        "avara.types",
        "avara.types.express",
    ]


def test_a_type_loads_its_own_module_only() -> None:
    modules = loaded_after("from avara.types import ExpressCustomer")

    assert "avara.types.express_customer" in modules
    assert "avara.types.express_create_params" not in modules
    assert not [m for m in modules if m.startswith("avara.resources")]


def test_building_a_client_imports_no_resource_until_one_is_used() -> None:
    modules = loaded_after("import avara; avara.Avara(api_key='k')")

    assert "httpx" in modules
    assert not [m for m in modules if m.startswith("avara.resources")]


def test_every_public_name_resolves_and_unknown_ones_raise_attribute_error() -> None:
    code = """
import avara, avara.types, avara.types.express
for module in (avara, avara.types, avara.types.express):
    for name in module.__all__:
        assert getattr(module, name) is not None, name
        assert name in dir(module), name
for name in ("pagination", "resources", "types"):
    assert getattr(avara, name).__name__ == "avara." + name
assert avara.types.express.__name__ == "avara.types.express"
try:
    avara.NoSuchName
except AttributeError as error:
    assert "NoSuchName" in str(error)
else:
    raise AssertionError("avara.NoSuchName did not raise")
from avara import Avara, NotFoundError, omit
from avara.types.express import UserAddParams
"""
    loaded_after(code)


# -- the three lists of each lazy package agree ----------------------------------------------------


def lazy_packages() -> List[Path]:
    return sorted(p for p in PACKAGE.rglob("__init__.py") if "_LAZY_ATTRIBUTES" in p.read_text(encoding="utf-8"))


def _declared(path: Path) -> tuple[Set[str], Dict[str, str], Dict[str, str]]:
    """`__all__`, the `_LAZY_ATTRIBUTES` table, and what the TYPE_CHECKING block imports from where."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    exported: Set[str] = set()
    lazy: Dict[str, str] = {}
    checked: Dict[str, str] = {}
    for node in tree.body:
        if isinstance(node, (ast.Assign, ast.AnnAssign)):
            target = node.targets[0] if isinstance(node, ast.Assign) else node.target
            if isinstance(target, ast.Name) and target.id == "__all__":
                exported = set(ast.literal_eval(node.value))  # type: ignore[arg-type]
            if isinstance(target, ast.Name) and target.id == "_LAZY_ATTRIBUTES":
                lazy = ast.literal_eval(node.value)  # type: ignore[arg-type]
        if isinstance(node, ast.If) and isinstance(node.test, ast.Name) and node.test.id == "TYPE_CHECKING":
            for statement in node.body:
                if isinstance(statement, ast.ImportFrom) and statement.module is not None:
                    for alias in statement.names:
                        checked[alias.asname or alias.name] = "." * statement.level + statement.module
    return exported, lazy, checked


@pytest.mark.parametrize("path", lazy_packages(), ids=lambda p: str(p.relative_to(GENERATED)))
def test_all_lazy_table_and_type_checking_imports_agree(path: Path) -> None:
    exported, lazy, checked = _declared(path)

    assert lazy, "no _LAZY_ATTRIBUTES table"
    assert exported - {"__version__"} == set(lazy)
    assert checked == lazy
