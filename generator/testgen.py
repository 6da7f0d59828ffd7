"""What the generated tests say: a module per resource that calls each method with its example.

The output gains `tests/`, as Stainless-built SDKs ship it: `tests/conftest.py` makes the clients
(from `TEST_API_BASE_URL`, the URL of a mock server of the API, such as Prism; without it every
test is skipped), and `tests/api_resources/` mirrors the package's `resources/` (the tests of
`resources/express/users.py` are `tests/api_resources/express/test_users.py`), holding, for each method,
in a sync and an async class: the plain call (with the required arguments, then with every
argument), the call through `with_raw_response` and `with_streaming_response`, and, for each path
parameter, a call with it empty, which must raise ValueError before any request is sent.

A call's arguments are the IR's examples spelled as Python of their types (`pyexample`), one per
line with a trailing comma, as black leaves them: the templates only lay the calls out.
"""

from __future__ import annotations

import dataclasses
from typing import Dict, Tuple

from . import ir, layout, naming, pyexample, pysource

BASE_URL_ENV = "TEST_API_BASE_URL"


@dataclasses.dataclass(frozen=True)
class Call:
    """A method call of a test: the resource (`express.users`), the method and its arguments, spelled."""

    resource: str
    method: str
    arguments: Tuple[str, ...]

    def code(self, client: str, indent: int, *, via: str = "", head: str = "", tail: str = "", awaited: bool = False) -> str:
        """`head` + the call on `client` (through the resource's `via`, as `with_raw_response`) +
        `tail`, at `indent` spaces: one argument per line with a trailing comma (black keeps such
        a call as it is), each line split as black splits it.

        An assignment (`head` is `target = `) whose line up to the call's bracket is too long has
        its value in parentheses when every line then fits, as black writes it; a call without
        arguments has it whenever the assignment is too long (black has nothing else to split)."""
        method = f"{via}.{self.method}" if via else self.method
        call = f"{'await ' if awaited else ''}{client}.{self.resource}.{method}("
        assignment = head.endswith(" = ") and not tail
        if not self.arguments:
            line = f"{head}{call}){tail}"
            if assignment and not layout.fits(" " * indent + line):
                return f"{head}(\n{' ' * (indent + 4)}{call})\n{' ' * indent})"
            return line
        if assignment and not layout.fits(" " * indent + head + call):
            wrapped = f"{head}(\n{' ' * (indent + 4)}{self._split(call, indent + 4, '')}\n{' ' * indent})"
            if all(layout.fits(line) for line in (" " * indent + wrapped).split("\n")):
                return wrapped
        return head + self._split(call, indent, tail)

    def _split(self, call: str, indent: int, tail: str) -> str:
        inner = indent + 4
        lines = [layout.split_line(f"{argument},", inner) for argument in self.arguments]
        return call + "".join(f"\n{' ' * inner}{line}" for line in lines) + f"\n{' ' * indent}){tail}"


@dataclasses.dataclass(frozen=True)
class PathCheck:
    """A call with one path parameter empty, and the error message it must raise."""

    call: Call
    param: str


@dataclasses.dataclass(frozen=True)
class MethodTests:
    """The tests of one method."""

    operation: ir.Operation
    stem: str  # the test names' common part: `create` in `test_method_create`
    required: Call  # the required arguments only
    every: Call | None  # every argument; None when the method has no optional one
    path_checks: Tuple[PathCheck, ...]


@dataclasses.dataclass(frozen=True)
class TestModule:
    """A test module: the tests of one resource's methods, and the names it imports."""

    resource: ir.Resource
    target: str  # `express.users`
    methods: Tuple[MethodTests, ...]
    datetime_import: str  # `from datetime import ...` for the examples, or ""

    @property
    def class_name(self) -> str:
        return "Test" + self.resource.class_name

    @property
    def async_class_name(self) -> str:
        return "TestAsync" + self.resource.class_name


def module_path(resource: ir.Resource) -> str:
    """Where the tests of `resource` go, relative to the output: mirroring the resource's module,
    `resources/express/users.py` → `tests/api_resources/express/test_users.py`."""
    *folders, name = resource.module.split(".")[1:]
    return "/".join(("tests", "api_resources", *folders, f"test_{name}.py"))


def packages(api: ir.Api) -> Tuple[str, ...]:
    """The test packages (folders with an `__init__.py`) that the modules of `api` need."""
    found: Dict[str, None] = {"tests": None, "tests/api_resources": None}
    for resource in api.all_resources():
        if resource.operations:
            folders = module_path(resource).split("/")[2:-1]
            for depth in range(1, len(folders) + 1):
                found["/".join(("tests", "api_resources", *folders[:depth]))] = None
    return tuple(found)


def types_for(resource: ir.Resource, types: pyexample.Types) -> Tuple[ir.ParamsType, ...]:
    """The request TypedDicts the examples of `resource` may be spelled with (a render key's part)."""
    found: Dict[Tuple[str, str], ir.ParamsType] = {}

    def visit(t: ir.TypeRef) -> None:
        for part in t.walk():
            entry = types.get((part.module, part.name)) if part.kind == "model" else None
            if isinstance(entry, ir.ParamsType) and (entry.module, entry.name) not in found:
                found[(entry.module, entry.name)] = entry
                for field in entry.fields:
                    visit(field.type)

    for op in resource.operations:
        for param in op.params:
            visit(param.type)
    return tuple(found[key] for key in sorted(found))


def test_module(resource: ir.Resource, types: pyexample.Types) -> TestModule:
    """The tests of `resource`'s methods."""
    target = ".".join(resource.path)
    names = naming.Allocator()
    methods = []
    imports: set[str] = set()
    for op in resource.operations:
        method = (target, op.name)
        required = _call(method, [p for p in op.params if p.required], types, imports)
        optional = [p for p in op.params if not p.required]
        every = _call(method, list(op.params), types, imports) if optional else None
        checks = tuple(
            PathCheck(_call(method, [p for p in op.params if p.required], types, imports, empty=p), p.name)
            for p in op.path_params
            if _empty(p.type) is not None
        )
        methods.append(MethodTests(op, names.claim(op.name), required, every, checks))
    return TestModule(resource, target, tuple(methods), pyexample.datetime_import(frozenset(imports)))


def _call(method: Tuple[str, str], params: list[ir.Param], types: pyexample.Types, imports: set[str], empty: ir.Param | None = None) -> Call:
    """A call of `method` with `params` (path parameters positional), `empty` as ""."""
    arguments = []
    for param in params:
        spelled = pyexample.argument(param, types) if param is not empty else pyexample.Spelled(_empty(param.type) or '""')
        imports |= spelled.imports
        arguments.append(spelled.text if param.location == "path" else f"{param.name}={spelled.text}")
    return Call(*method, tuple(arguments))


def _empty(t: ir.TypeRef) -> str | None:
    """An empty value of a path parameter's type (`""`, `[]`), or None when the type has none
    (a number, a date, an enum: such a parameter cannot be empty)."""
    members = [a for a in t.args if a.kind != "none"] if t.kind == "union" else [t]
    kinds = {("list" if m.kind == "list" else "dict" if m.kind == "dict" else m.name if m.kind == "primitive" else m.kind) for m in members}
    if "str" in kinds or "object" in kinds:
        return '""'
    if "list" in kinds:
        return "[]"
    if "dict" in kinds:
        return "{}"
    return None


def raises(param: str, indent: int) -> str:
    """The `with pytest.raises(...)` line of a path check, laid out as black would."""
    match = pysource.literal(f"Expected a non-empty value for `{param}`")
    return layout.bracketed("with pytest.raises(", ["ValueError", f"match={match}"], "):", indent)
