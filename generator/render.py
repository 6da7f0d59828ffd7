"""IR → {path: source}, in memory, through the Jinja templates in `templates/`.

`templates/` mirrors the output directory: `templates/client/` is the package (`generated/avara/`),
files at the top are written beside it. The templates directly in `client/` are rendered once each
(the runtime, `pagination.py`); `client/resources/` and `client/types/` hold one template per kind
of module, rendered once per IR item. Templates only loop and read attributes: every decision is
made here or in the IR.
"""

from __future__ import annotations

import dataclasses
import functools
import hashlib
import os
import re
from pathlib import Path
from typing import Any, Callable, Iterable

import jinja2
import jinja2.bccache

from . import distribution, docs, ir, layout, pyexample, pysource, spelling, testgen
from .record import cache_dir, code_fingerprint, templates_dir
from .spelling import cast_to, declared_type

TEMPLATES = templates_dir()


@dataclasses.dataclass(frozen=True)
class ModuleView:
    """What a per-item template needs beyond the IR: where it is and what it imports."""

    here: str
    imports: tuple[str, ...]
    # Imports of modules that import this one back, placed after its classes so that either
    # module can be imported first (annotations are strings, so nothing needs them earlier).
    late_imports: tuple[str, ...] = ()


class _BytecodeCache(jinja2.FileSystemBytecodeCache):
    """Compiled templates in sdkgen's cache directory (keyed by name and source by Jinja itself):
    compiling them costs more than rendering a small SDK. One that cannot be written only costs
    the compile next time."""

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        try:
            os.makedirs(self.directory, exist_ok=True)
            super().dump_bytecode(bucket)
        except OSError:
            pass


def _environment(templates: Path) -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(templates)),
        bytecode_cache=_BytecodeCache(str(cache_dir() / "jinja"), "%s.cache"),
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
        autoescape=False,
    )
    env.filters["pystr"] = pysource.literal
    env.filters["security"] = pysource.security
    env.filters["doc"] = pysource.docstring_body
    env.filters["docstring"] = pysource.docstring
    env.filters["docline"] = lambda text: " ".join(pysource.docstring_body(text).split())
    env.filters["bracketed"] = layout.bracketed
    env.filters["import_line"] = layout.import_line
    env.filters["relative"] = lambda target, here: pysource.relative_module(here, target)

    env.filters["ann"] = pysource.annotation
    env.filters["method_doc"] = spelling.method_doc
    env.filters["returns"] = spelling.returns
    env.filters["returns_line"] = spelling.returns_line
    env.filters["keyword"] = spelling.keyword
    env.filters["property_def"] = spelling.property_def
    env.filters["param_line"] = spelling.param_line
    env.filters["split"] = layout.split_line
    env.filters["assignment"] = layout.split_assignment
    env.filters["declaration"] = layout.split_declaration
    env.filters["page_type"] = spelling.page_type
    env.filters["cast_to"] = spelling.cast_to
    env.filters["param_ann"] = spelling.param_annotation
    env.filters["model_field"] = spelling.model_field
    env.filters["page_field"] = lambda f: spelling.model_field(f, 4, page=True)
    env.filters["typed_dict_field"] = spelling.typed_dict_field
    env.filters["wire_key_field"] = spelling.wire_key_field
    env.filters["wire_key_entry"] = spelling.wire_key_entry
    docs.register(env.filters)
    # The tests and the pyproject.toml beside the package.
    env.filters["raises"] = testgen.raises
    env.filters["toml"] = distribution.toml_string
    env.filters["toml_comment"] = lambda text: " ".join(pysource.docstring_body(text).split())
    env.filters["pep440"] = distribution.version
    env.filters["shell_word"] = lambda text: text if re.fullmatch(r"[\w.-]+", text) else "openapi.yaml"
    env.globals.update(
        requires_python=distribution.REQUIRES_PYTHON,
        runtime_dependencies=distribution.RUNTIME_DEPENDENCIES,
        test_dependencies=distribution.TEST_DEPENDENCIES,
        base_url_env=testgen.BASE_URL_ENV,
    )
    return env


def module_path(package: str, module: str, *, is_package: bool = False) -> str:
    """`types.express_customer` → `avara/types/express_customer.py`."""
    parts = [package, *module.split(".")]
    return "/".join(parts) + ("/__init__.py" if is_package else ".py")


@dataclasses.dataclass(frozen=True)
class Job:
    """One output file, not rendered yet: `key` names everything its text depends on (a file
    whose key is as the last run recorded it needs no rendering)."""

    path: str
    key: str
    make: Callable[[], str]
    # Written as black writes it already (a runtime module, formatted where it is edited).
    formatted: bool = False


def render(api: ir.Api, templates: Path = TEMPLATES) -> dict[str, str]:
    """Every file of the package, unformatted, keyed by its path relative to the output directory."""
    return {job.path: job.make() for job in plan(api, templates)}


def plan(api: ir.Api, templates: Path = TEMPLATES) -> list[Job]:
    """Every file of the package as a job, sorted by path.

    A job's key hashes its template's name and the values the template is given, salted with
    the hash of sdkgen's code and templates. The per-item templates (a resource, a types module)
    are not given `api`, so their key covers everything they read; the templates rendered once
    read the whole `api`, whose hash is made of the hashes of its parts.
    """
    env = _environment(templates)
    sdk = api.sdk
    jobs: list[Job] = []
    header = f"# File generated by sdkgen from {pysource.docstring_body(sdk.spec_name).splitlines()[0] if sdk.spec_name else 'a spec'}. Do not edit.\n\n"
    salt = hashlib.sha256((code_fingerprint(templates) + repr(sdk)).encode()).hexdigest()  # in every key
    digests: dict[int, tuple[object, bytes]] = {}  # by id, with the value (which keeps its id its own)

    def fingerprint(value: Any) -> Any:
        """`value` for a job key: each resource, model and params type hashed once, however many keys hold it."""
        if isinstance(value, (ir.Resource, ir.Model, ir.ParamsType)):
            known = digests.get(id(value))
            if known is None:
                known = digests[id(value)] = (value, ir.digest(value))
            return known[1]
        if isinstance(value, (list, tuple)):
            return type(value).__name__, tuple(fingerprint(item) for item in value)
        return value

    whole_api = functools.cache(lambda: ir.digest(fingerprint((api.resources, api.models, api.params_types, api.pages))).hex())

    def emit(path: str, template: str, *, whole: bool = False, derived: Callable[[], Any] | None = None, **context: Any) -> None:
        """Plan `path` from `template`; `derived()` computes its `view` from the other values, when needed."""

        def make() -> str:
            values = {"api": api, **context} if whole else dict(context)
            if derived is not None:
                values["view"] = derived()
            text = env.get_template(template).render(sdk=sdk, **values)
            return header + text.lstrip("\n") if path.endswith(".py") else text

        key = ir.digest((salt, path, template, whole_api() if whole else "", {k: fingerprint(v) for k, v in context.items()}))
        jobs.append(Job(path, key.hex(), make))

    _render_resources(api, emit)
    _render_types(api, emit)
    _render_tests(api, emit)
    # The runtime: each template in client/ once, and the plain modules copied as they are.
    for template in sorted(p for p in (templates / "client").iterdir() if p.is_file()):
        name = template.relative_to(templates).as_posix()
        if template.suffix == ".jinja":
            here = template.stem.removesuffix(".py")
            # The page classes get a view computed from `api`; other runtime templates depend
            # on the API only if they read `api` themselves.
            derived = (lambda: _page_view(api)) if here == "pagination" else None
            emit(f"{sdk.package}/{template.stem}", name, whole=derived is not None or _reads_api(templates, name), derived=derived, here=here)
        else:
            text = template.read_text(encoding="utf-8")
            if template.suffix == ".py":
                text = header + text
            jobs.append(Job(f"{sdk.package}/{template.name}", hashlib.sha256((salt + text).encode()).hexdigest(), functools.partial(str, text), formatted=True))
    # The files beside the package: the docs.
    for template in sorted(p for p in templates.iterdir() if p.is_file()):
        name = template.name
        if name == "README.md.jinja":
            emit(template.stem, name, view=docs.build_examples(api), here="README")
        elif name == "api.md.jinja":
            emit(template.stem, name, whole=True, derived=lambda: docs.api_reference(api), here=template.stem)
        else:
            emit(template.stem, name, whole=_reads_api(templates, name), here=template.stem)
    return sorted(jobs, key=lambda job: job.path)


def _reads_api(templates: Path, name: str) -> bool:
    """Whether a template may read `api` (or include one that may): if not, a change elsewhere
    in the API cannot change it. Read from its text, without parsing it."""
    source = (templates / name).read_text(encoding="utf-8")
    return re.search(r"\bapi\b|\binclude\b", source) is not None


def _render_resources(api: ir.Api, emit: Any) -> None:
    emit(
        module_path(api.sdk.package, "resources", is_package=True),
        "client/resources/__init__.py.jinja",
        here="resources.__init__",
        resources=api.resources,
    )
    for resource in api.all_resources():
        emit(
            module_path(api.sdk.package, resource.module),
            "client/resources/resource.py.jinja",
            here=resource.module,
            resource=resource,
            derived=lambda resource=resource: ModuleView(resource.module, tuple(_resource_imports(resource))),
        )
        if resource.children:
            emit(
                module_path(api.sdk.package, resource.package_module, is_package=True),
                "client/resources/package.py.jinja",
                here=resource.package_module + ".__init__",
                resource=resource,
            )


def _resource_imports(resource: ir.Resource) -> list[str]:
    """Import lines of a resource module: stdlib, httpx, the runtime, then pages, children, types."""
    here = resource.module
    ops = resource.operations
    types: list[ir.TypeRef | None] = []
    for op in ops:
        types.extend(p.type for p in op.params)
        types.append(op.item_type if op.pagination else op.returns)
    casts = any(cast_to(op).startswith("cast(") for op in ops)
    type_lines = pysource.imports_for(types, here, typing=("Type", "cast") if casts else ())
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
        if any(op.streams for op in ops):
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


def _render_tests(api: ir.Api, emit: Any) -> None:
    """The tests beside the package: their packages, conftest.py, and a module per resource with
    methods (see testgen). A module's key covers the request types its examples are spelled with."""
    for package in testgen.packages(api):
        template = "tests/__init__.py.jinja" if package == "tests" else "tests/api_resources/__init__.py.jinja"
        emit(f"{package}/__init__.py", template, here=package)
    emit("tests/conftest.py", "tests/conftest.py.jinja", here="tests.conftest")
    types = pyexample.types_of(api)
    for resource in api.all_resources():
        if resource.operations:
            emit(
                testgen.module_path(resource),
                "tests/api_resources/resource.py.jinja",
                here=resource.module,
                resource=resource,
                request_types=testgen.types_for(resource, types),
                derived=lambda resource=resource: testgen.test_module(resource, types),
            )


def _page_view(api: ir.Api) -> ModuleView:
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


def _render_types(api: ir.Api, emit: Any) -> None:
    modules: dict[str, tuple[list[ir.Model], list[ir.ParamsType]]] = {}
    for model in api.models:
        modules.setdefault(model.module, ([], []))[0].append(model)
    for params_type in api.params_types:
        modules.setdefault(params_type.module, ([], []))[1].append(params_type)
    packages: dict[str, list[tuple[str, str]]] = {"types": []}
    cyclic = _cyclic_imports(modules)
    for module, (models, params) in sorted(modules.items()):
        models = _definition_order(models)
        # What the module imports after its classes (the modules that import it back) depends on
        # other modules: it is part of the job's key as `cyclic_with`.
        cycle = tuple(sorted(cyclic[module]))

        def view(module: str = module, models: list[ir.Model] = models, params: list[ir.ParamsType] = params, cycle: tuple[str, ...] = cycle) -> ModuleView:
            lines = _types_imports(module, models, params)
            late = tuple(line for line in lines if line.startswith("from .") and _imported(line, module) in cycle)
            return ModuleView(module, tuple(line for line in lines if line not in late), late)

        emit(
            module_path(api.sdk.package, module),
            "client/types/module.py.jinja",
            here=module,
            models=models,
            params_types=params,
            cyclic_with=cycle,
            derived=view,
        )
        package = module.rsplit(".", 1)[0]
        # Every enclosing package exists, even when it defines nothing itself.
        parts = package.split(".")
        for depth in range(1, len(parts) + 1):
            packages.setdefault(".".join(parts[:depth]), [])
        names = [m.name for m in models] + [p.name for p in params]
        packages[package].extend((module.rsplit(".", 1)[1], name) for name in names)
    # A package imports nothing up front: its names and subpackages load on first access.
    for package, exports in sorted(packages.items()):
        subpackages = sorted(p.rsplit(".", 1)[1] for p in packages if p.rsplit(".", 1)[0] == package and p != package)
        emit(
            module_path(api.sdk.package, package, is_package=True),
            "client/types/__init__.py.jinja",
            here=package + ".__init__",
            exports=sorted(exports, key=lambda e: (e[1], e[0])),
            subpackages=subpackages,
        )


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


def _cyclic_imports(modules: dict[str, tuple[list[ir.Model], list[ir.ParamsType]]]) -> dict[str, set[str]]:
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


def _definition_order(models: Iterable[ir.Model]) -> list[ir.Model]:
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
