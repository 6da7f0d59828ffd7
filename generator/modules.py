"""What each generated module imports, and in what order a types module defines its classes.

Import lines are sorted and grouped as black leaves them (standard library, third party, this
package); two types modules that refer to each other import each other after their classes
(annotations are strings, so nothing needs them earlier).
"""

from __future__ import annotations

import dataclasses
from typing import Iterable

from . import ir, pysource
from .spelling import cast_to, declared_type, parsed_as


@dataclasses.dataclass(frozen=True)
class ModuleView:
    """What a per-item template needs beyond the IR: where it is and what it imports."""

    here: str
    imports: tuple[str, ...]
    # Imports of modules that import this one back, placed after its classes so that either
    # module can be imported first (annotations are strings, so nothing needs them earlier).
    late_imports: tuple[str, ...] = ()


def resource_imports(resource: ir.Resource) -> list[str]:
    """Import lines of a resource module: stdlib, httpx, the runtime, then pages, children, types."""
    here = resource.module
    ops = resource.operations
    types: list[ir.TypeRef | None] = []
    for op in ops:
        types.extend(p.type for p in op.params)
        types.append(op.item_type if op.pagination else op.returns)
        types.append(op.event_type)
    typing_names = {"Type", "cast"} if any(cast_to(op).startswith("cast(") for op in ops) else set()
    switched = [op for op in ops if op.stream_param is not None]
    if switched:
        typing_names |= {"Literal", "Type", "Union", "overload"}
        if any(parsed_as(op.returns).startswith("cast(") for op in switched):
            typing_names.add("cast")
        if any(op.stream_param.type.is_nullable for op in switched if op.stream_param is not None):
            typing_names.add("Optional")
    type_lines = pysource.imports_for(types, here, typing=sorted(typing_names))
    lines = ["from functools import cached_property"]
    if any(op.deprecated for op in ops):
        lines.insert(0, "import warnings")
    lines += [line for line in type_lines if not line.startswith("from .")]
    runtime = pysource.relative_module(here, "_")[:-1]
    wrappers = [
        "async_to_raw_response_wrapper",
        "async_to_streamed_response_wrapper",
        "to_raw_response_wrapper",
        "to_streamed_response_wrapper",
    ]
    if ops:
        lines.append("import httpx")
        type_names = ["Body", "Headers", "NotGiven", "Query", "not_given"]
        if any(not p.required for op in ops for p in op.params):
            type_names += ["Omit", "omit"]
        lines.append(f"from {runtime}_types import {', '.join(sorted(type_names))}")
        if any(op.path_params for op in ops):
            lines.append(f"from {runtime}_utils import build_path")
        if any(op.streams or op.event_type is not None for op in ops):
            lines.append(f"from {runtime}_streaming import AsyncStream, Stream")
        lines.append(f"from {runtime}_base_client import make_request_options")
        lines.append(f"from {runtime}_response import {', '.join(wrappers)}")
    lines.append(f"from {runtime}_resource import AsyncAPIResource, SyncAPIResource")
    paginated = [op.pagination for op in ops if op.pagination]
    if paginated:
        lines.append(f"from {runtime}_pages import AsyncPaginator")
        pages = sorted({p.page_class for p in paginated} | {p.async_page_class for p in paginated})
        lines.append(f"from {runtime}pagination import {', '.join(pages)}")
    for child in resource.children:
        names = ", ".join(child.all_class_names)
        lines.append(f"from {pysource.relative_module(here, child.module)} import {names}")
    lines += [line for line in type_lines if line.startswith("from .")]
    return pysource.grouped(lines)


def page_view(api: ir.Api) -> ModuleView:
    types: list[ir.TypeRef | None] = []
    for page in api.pages:
        types.extend(declared_type(f, page=True) for f in page.fields)
    if not api.pages:
        return ModuleView("pagination", ())
    found = pysource.imports_for(types, "pagination", typing=("ClassVar", "Generic", "TypeVar"))
    lines = [line for line in found if not line.startswith("from .")]
    if any(f.wire_name != f.name for page in api.pages for f in page.fields):
        lines.append("from pydantic import Field as FieldInfo")
    specs = sorted({page.spec_class for page in api.pages})
    lines.append(f"from ._pages import BaseAsyncPage, BaseSyncPage, {', '.join(specs)}")
    lines += [line for line in found if line.startswith("from .")]
    return ModuleView("pagination", tuple(pysource.grouped(dict.fromkeys(lines))))


def types_view(module: str, models: list[ir.Model], params: list[ir.ParamsType], cycle: tuple[str, ...]) -> ModuleView:
    """The imports of a types module: those of the modules in `cycle` (which import it back) last."""
    lines = _types_imports(module, models, params)
    late = tuple(line for line in lines if line.startswith("from .") and _imported(line, module) in cycle)
    return ModuleView(module, tuple(line for line in lines if line not in late), late)


def _types_imports(module: str, models: list[ir.Model], params: list[ir.ParamsType]) -> list[str]:
    """Import lines of a types module: stdlib and typing, pydantic or typing_extensions, the runtime, models."""
    types: list[ir.TypeRef | None] = [declared_type(f) for m in models for f in m.fields]
    types += [m.base for m in models]
    types += [f.type for p in params for f in p.fields]
    found = pysource.imports_for(types, module)
    discriminated = "from typing_extensions import Annotated" in found
    lines = [line for line in found if not line.startswith(("from .", "from typing_extensions", "from pydantic"))]
    runtime = pysource.relative_module(module, "_")[:-1]
    fields = [f for p in params for f in p.fields]
    extensions = (["TypedDict"] if params else []) + (["Required"] if any(f.required for f in fields) else [])
    aliased = any(f.wire_name != f.name and not p.by_wire_name for p in params for f in p.fields)
    if aliased or discriminated:
        extensions.append("Annotated")
    if extensions:
        lines.append(f"from typing_extensions import {', '.join(sorted(extensions))}")
    if discriminated or any(f.wire_name != f.name for m in models for f in m.fields):
        lines.append("from pydantic import Field as FieldInfo")
    if aliased:
        lines.append(f"from {runtime}_utils import PropertyInfo")
    if any(not m.base for m in models):
        lines.append(f"from {runtime}_models import BaseModel")
    lines += [line for line in found if line.startswith("from .")]
    return pysource.grouped(lines)


def cyclic_imports(modules: dict[str, tuple[list[ir.Model], list[ir.ParamsType]]]) -> dict[str, set[str]]:
    """For each types module, the modules it imports that import it back (directly or not).

    A model's base class is needed at import, so a base is never counted: bases never form cycles.
    """
    edges: dict[str, set[str]] = {}
    for module, (models, params) in modules.items():
        types = [f.type for m in models for f in m.fields] + [f.type for p in params for f in p.fields]
        edges[module] = {t.module for root in types for t in root.walk() if t.kind == "model" and t.module != module}
    component = _components(edges)
    return {module: {other for other in edges[module] if component.get(other) == component[module]} for module in edges}


def _components(edges: dict[str, set[str]]) -> dict[str, int]:
    """Each node's strongly connected component (Tarjan's algorithm, without recursion): two
    modules import each other, directly or not, exactly when they are in one component."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    component: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    for root in sorted(edges):
        if root in index:
            continue
        work = [(root, iter(sorted(edges[root])))]
        index[root] = low[root] = len(index)
        stack.append(root)
        on_stack.add(root)
        while work:
            node, successors = work[-1]
            for successor in successors:
                if successor not in index:
                    index[successor] = low[successor] = len(index)
                    stack.append(successor)
                    on_stack.add(successor)
                    work.append((successor, iter(sorted(edges.get(successor, ())))))
                    break
                if successor in on_stack:
                    low[node] = min(low[node], index[successor])
            else:
                work.pop()
                if work:
                    parent = work[-1][0]
                    low[parent] = min(low[parent], low[node])
                if low[node] == index[node]:
                    while True:
                        member = stack.pop()
                        on_stack.discard(member)
                        component[member] = index[node]
                        if member == node:
                            break
    return component


def _imported(line: str, here: str) -> str:
    """The package-relative module of an import line `from ..x.y import Z` written in `here`."""
    relative = line.split()[1]
    dots = len(relative) - len(relative.lstrip("."))
    base = here.split(".")[: len(here.split(".")) - dots]
    return ".".join(base + [part for part in relative.lstrip(".").split(".") if part])


def definition_order(models: Iterable[ir.Model]) -> list[ir.Model]:
    """Models of one module, each after the ones it extends or nests (otherwise by name)."""
    pending = sorted(models, key=lambda m: m.name)
    names = {m.name for m in pending}
    placed: list[ir.Model] = []
    done: set[str] = set()
    while pending:
        for model in pending:
            needs = {t.name for f in model.fields for t in f.type.walk() if t.kind == "model"} | ({model.base.name} if model.base else set())
            if not (needs & names) - done - {model.name}:
                break
        else:
            model = pending[0]  # a cycle: forward references resolve it
        placed.append(model)
        done.add(model.name)
        pending.remove(model)
    return placed
