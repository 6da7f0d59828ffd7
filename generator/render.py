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
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator, Mapping

import jinja2
import jinja2.bccache
import jinja2.meta
import jinja2.nodes

from . import docs, ir, pysource
from .cache import cache_dir, code_fingerprint, templates_dir

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
    """Compiled templates in sdkgen's cache directory (keyed by name and source by Jinja itself);
    a cache that cannot be written only costs the compile next time."""

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
    env.filters["doc"] = pysource.docstring_body
    env.filters["relative"] = lambda target, here: pysource.relative_module(here, target)

    env.filters["ann"] = pysource.annotation
    env.filters["method_doc"] = method_doc
    env.filters["returns"] = returns
    env.filters["overloads"] = overloads
    env.filters["stream_flag_decl"] = stream_flag_decl
    env.filters["switched_cast_to"] = switched_cast_to
    env.filters["page_type"] = page_type
    env.filters["cast_to"] = cast_to
    env.filters["param_ann"] = param_annotation
    env.filters["model_field"] = model_field
    env.filters["page_field"] = lambda f: model_field(f, page=True)
    env.filters["typed_dict_field"] = typed_dict_field
    env.filters["wire_key_field"] = wire_key_field
    env.filters["wire_key_entry"] = wire_key_entry
    docs.register(env.filters)
    return env


# -- spelling of declarations ------------------------------------------------------------------


def returns(op: ir.Operation, is_async: bool = False) -> str:
    """The return annotation of an SDK method (an async list method returns a paginator; one whose
    `stream` argument asks for events returns either)."""
    if op.pagination is not None and op.item_type is not None:
        page = page_type(op, is_async, plain=True)
        return f"AsyncPaginator[{pysource.annotation(op.item_type, plain=True)}, {page}]" if is_async else page
    if op.streams and op.returns is not None:
        return _stream_type(op.returns, is_async)
    plain = pysource.annotation(op.returns, plain=True) if op.returns is not None else "None"
    if op.event_type is not None:
        return f"{plain} | {_stream_type(op.event_type, is_async)}"
    return plain


def _stream_type(event: ir.TypeRef, is_async: bool, *, plain: bool = True) -> str:
    """`Stream[Event]` (`AsyncStream[Event]`): what an event-stream operation returns (`plain`:
    as type checkers need it; else as the runtime parses events, a discriminated union whole)."""
    return f"{'AsyncStream' if is_async else 'Stream'}[{pysource.annotation(event, plain=plain)}]"


def _flag_type(op: ir.Operation, values: str) -> str:
    """The annotation of the `stream` argument restricted to `values` (`Literal[True]`, `bool`):
    `Optional[...]` when the spec lets it be null, which asks for no stream."""
    param = op.stream_param
    assert param is not None
    return f"Optional[{values}]" if param.type.is_nullable else values


def overloads(op: ir.Operation, is_async: bool = False) -> list[tuple[str, str]]:
    """(the `stream` argument's declaration, the return annotation) of each overload of a method
    whose `stream` argument chooses between the response and a stream of events; [] for others."""
    param = op.stream_param
    if param is None or op.event_type is None:
        return []
    plain = pysource.annotation(op.returns, plain=True) if op.returns is not None else "None"
    stream = _stream_type(op.event_type, is_async)
    false = _flag_type(op, "Literal[False]") + ("" if param.required else " | Omit = omit")
    # `stream=False` (or none) answers the response, `stream=True` events, a `bool` either.
    return [(false, plain), ("Literal[True]", stream), (_flag_type(op, "bool"), f"{plain} | {stream}")]


def stream_flag_decl(op: ir.Operation) -> str:
    """The declaration of the `stream` argument in the implementation behind the overloads."""
    param = op.stream_param
    if param is None:
        return ""
    return _flag_type(op, "bool") + ("" if param.required else " | Omit = omit")


def page_type(op: ir.Operation, is_async: bool = False, *, plain: bool = False) -> str:
    """The page class of a paginated operation, applied to its item type (`plain`: as type
    checkers need it, without the run-time metadata of a discriminated item type)."""
    assert op.pagination is not None and op.item_type is not None
    page_class = op.pagination.async_page_class if is_async else op.pagination.page_class
    return f"{page_class}[{pysource.annotation(op.item_type, plain=plain)}]"


def cast_to(op: ir.Operation, is_async: bool = False) -> str:
    """What the runtime parses a response into: a class, or a typing construct cast to a type."""
    if op.streams and op.returns is not None:
        return _stream_type(op.returns, is_async, plain=False)
    plain = _parsed_as(op.returns)
    if op.event_type is not None:
        return "_cast_to"  # declared by `switched_cast_to`
    return plain


def switched_cast_to(op: ir.Operation, is_async: bool = False) -> str:
    """The statement declaring `_cast_to` in a method whose `stream` argument asks for events or
    not: the stream class then (the runtime reads its item type), else the response's type.
    Declared with the union, which both type checkers then solve the request's type with."""
    assert op.event_type is not None
    stream = _stream_type(op.event_type, is_async)
    plain = pysource.annotation(op.returns, plain=True) if op.returns is not None else "None"
    parsed = _stream_type(op.event_type, is_async, plain=False)
    return f"_cast_to: Type[Union[{plain}, {stream}]] = {parsed} if {op.stream_flag} is True else {_parsed_as(op.returns)}"


def _parsed_as(returns: ir.TypeRef | None) -> str:
    if returns is None:
        return "None.__class__"  # not `type(None)`: an argument may be named `type`
    spelled = pysource.annotation(returns)
    # `List[X]` and `Dict[str, X]` already are types to both checkers; unions and literals are
    # special forms that need the cast.
    if returns.kind in ("model", "primitive", "list", "dict"):
        return spelled
    return f"cast(Type[{pysource.annotation(returns, plain=True)}], {spelled})"


def param_annotation(param: ir.Param) -> str:
    """A method argument's annotation: optional ones also accept `omit`, their default."""
    spelled = pysource.annotation(param.type)
    return spelled if param.required else f"{spelled} | Omit"


def _field_default(field: ir.Field, default: str | None) -> str:
    """The ` = ...` of a pydantic field: its wire alias and `default` ("default=None", ...)."""
    arguments = [f"alias={pysource.literal(field.wire_name)}"] if field.wire_name != field.name else []
    if default == "default=None" and not arguments:
        return " = None"
    if default is not None:
        arguments.append(default)
    return f" = FieldInfo({', '.join(arguments)})" if arguments else ""


def declared_type(field: ir.Field, *, page: bool = False) -> ir.TypeRef:
    """The type a pydantic field is declared with.

    Required fields that cannot be null keep their type and have no default; everything else is
    Optional and defaults to None. A page's items are a list (empty by default) and its other
    fields are all optional, so that a page always knows whether another follows.
    """
    if page and field.type == ir.TypeRef("list", args=(ir.PAGE_ITEM,)):
        return field.type
    if field.required and not field.type.is_nullable and not page:
        return field.type
    return ir.optional(field.type)


def model_field(field: ir.Field, *, page: bool = False) -> str:
    """`name: Annotation = default` of a pydantic field."""
    declared = declared_type(field, page=page)
    spelled = pysource.annotation(declared)
    # A page's items have no default: pyright cannot type an empty-list default of `List[_T]`,
    # and lenient decoding still gives a page whose items are missing.
    default = None if declared is field.type and not field.type.is_nullable else "default=None"
    return f"{field.name}: {spelled}{_field_default(field, default)}"


def typed_dict_field(field: ir.Field) -> str:
    """A TypedDict key: `Required[...]` when the spec requires it, the wire name as an alias."""
    spelled = pysource.annotation(field.type)
    if field.wire_name != field.name:
        spelled = f"Annotated[{spelled}, PropertyInfo(alias={pysource.literal(field.wire_name)})]"
    if field.required:
        spelled = f"Required[{spelled}]"
    return f"{field.name}: {spelled}"


_ENCODINGS = {"form": "application/x-www-form-urlencoded", "multipart": "multipart/form-data"}


def _wire_key_type(field: ir.Field) -> str:
    spelled = pysource.annotation(field.type)
    return f"Required[{spelled}]" if field.required else spelled


def wire_key_field(field: ir.Field) -> str:
    """A key of a nested request TypedDict, spelled as on the wire (class syntax)."""
    return f"{field.wire_name}: {_wire_key_type(field)}"


def wire_key_entry(field: ir.Field) -> str:
    """A key of a nested request TypedDict in the functional syntax: both sides are strings,
    so the wire name may be anything and the type is not evaluated at import."""
    return f"{pysource.literal(field.wire_name)}: {pysource.literal(_wire_key_type(field))}"


def method_doc(op: ir.Operation) -> str:
    """The docstring of an SDK method: the spec's summary and description, then its arguments."""
    parts = []
    if op.summary and not op.description.startswith(op.summary):
        parts.append(op.summary)
    if op.description:
        parts.append(op.description)
    if op.deprecated:
        parts.append("Deprecated: the API may remove this operation.")
    if op.body_encoding in _ENCODINGS:
        parts.append(f"The body is sent as {_ENCODINGS[op.body_encoding]}.")
    args = [f"  {p.name}: {' '.join(p.description.split())}" for p in op.params if p.description]
    args += [
        "  extra_headers: Send extra headers",
        "  extra_query: Add additional query parameters to the request",
        "  extra_body: Add additional JSON properties to the request",
        "  timeout: Override the client-level default timeout for this request, in seconds",
    ]
    parts.append("Args:\n" + "\n\n".join(args))
    return pysource.docstring_body("\n\n".join(parts))


def module_path(package: str, module: str, *, is_package: bool = False) -> str:
    """`types.express_customer` → `avara/types/express_customer.py`."""
    parts = [package, *module.split(".")]
    return "/".join(parts) + ("/__init__.py" if is_package else ".py")


@dataclasses.dataclass(frozen=True)
class Section:
    """A part of a document that is rendered and cached on its own."""

    key: str
    make: Callable[[], str]


@dataclasses.dataclass(frozen=True)
class Job:
    """One output file, not rendered yet: `key` names everything its text depends on.

    A document with `sections` is their concatenation: `text` reuses the ones already known.
    """

    path: str
    key: str
    make: Callable[[], str]
    sections: tuple[Section, ...] = ()

    def text(self, known: Mapping[str, str]) -> tuple[str, dict[str, str]]:
        """The file's text, taken from `known` (key → text) where it can be, and its sections' texts by key."""
        if not self.sections:
            return (known[self.key] if self.key in known else self.make()), {}
        parts = {section.key: known[section.key] if section.key in known else section.make() for section in self.sections}
        return "".join(parts[section.key] for section in self.sections), parts


def render(api: ir.Api, templates: Path = TEMPLATES) -> dict[str, str]:
    """Every file of the package, keyed by its path relative to the output directory."""
    return {job.path: job.make() for job in plan(api, templates)}


def plan(api: ir.Api, templates: Path = TEMPLATES) -> list[Job]:
    """Every file of the package as a job, sorted by path, so a caller can skip the unchanged ones."""
    return sorted(planned(api, templates), key=lambda job: job.path)


def planned(api: ir.Api, templates: Path = TEMPLATES, digests: ir.Digests | None = None) -> Iterator[Job]:
    """Every file of the package as a job, as soon as its key is known: the resources, the
    types, the runtime, then the docs (so a caller can start formatting the first ones).

    A job's key hashes its template's name and the values the template is given, salted with
    the hash of sdkgen's code and templates. The per-item templates (a resource, a types module)
    are not given `api`, so their key covers everything they read; the templates rendered once
    read the whole `api`, whose hash is computed from the hashes of its parts (from `digests`
    where the build knows them already).
    """
    env = _environment(templates)
    sdk = api.sdk
    jobs: list[Job] = []
    header = f"# File generated by sdkgen from {pysource.docstring_body(sdk.spec_name).splitlines()[0] if sdk.spec_name else 'a spec'}. Do not edit.\n\n"
    salt = hashlib.sha256((code_fingerprint(templates) + repr(sdk)).encode()).hexdigest()  # in every key
    digests = digests or ir.Digests()

    def fingerprint(value: Any) -> Any:
        """`value` for a job key: each resource, model and params type hashed once, however many keys hold it."""
        if isinstance(value, (ir.Resource, ir.Model, ir.ParamsType)):
            return digests.of(value)
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

    def drain() -> Iterator[Job]:
        yield from jobs
        jobs.clear()

    # The resources first: a change to one operation changes its resource's module, the file
    # black takes longest on, which then formats while the rest is planned. Then the types,
    # the package's runtime (whose keys hash the whole API), and the docs.
    _render_resources(api, emit)
    yield from drain()
    _render_types(api, emit)
    yield from drain()
    # The runtime: each template in client/ once, and files without .jinja copied as they are.
    for template in sorted(p for p in (templates / "client").iterdir() if p.is_file()):
        name = template.relative_to(templates).as_posix()
        if template.suffix == ".jinja":
            here = template.stem.removesuffix(".py")
            # The page classes get a view computed from `api`; other runtime templates depend
            # on the API only if they read `api` themselves.
            derived = (lambda: _page_view(api)) if here == "pagination" else None
            emit(f"{sdk.package}/{template.stem}", name, whole=derived is not None or _reads_api(env, name), derived=derived, here=here)
        else:
            # Plain runtime modules, formatted where they are edited: copied with the header.
            text = template.read_text(encoding="utf-8")
            if template.suffix == ".py":
                text = header + text
            jobs.append(Job(f"{sdk.package}/{template.name}", hashlib.sha256(text.encode()).hexdigest(), _later(str, text)))
    yield from drain()
    # The files beside the package: the docs.
    for template in sorted(p for p in templates.iterdir() if p.is_file()):
        name = template.name
        if name == "api.md.jinja":
            _api_reference(api, env.get_template(name).module, fingerprint, jobs.append, salt)
        elif name == "README.md.jinja":
            emit(template.stem, name, view=docs.build_examples(api), here="README")
        else:
            emit(template.stem, name, whole=_reads_api(env, name), here=template.stem)
    yield from drain()


def _later(render: Callable[..., Any], *args: Any) -> Callable[[], str]:
    """What `str(render(*args))` gives, once called."""
    return lambda: str(render(*args))


def _api_reference(api: ir.Api, macros: Any, fingerprint: Callable[[Any], Any], add: Callable[[Job], None], salt: str) -> None:
    """api.md as a job of sections, in page order: the header, each resource, the types' intro,
    each type. A section's key covers what it shows: a change to one operation re-renders only
    its resource's section (and the sections of the types that changed with it)."""
    package = api.sdk.package
    models = docs.models_by_name(api)
    sections: list[tuple[Any, Callable[[], str]]] = [(("header",), lambda: str(macros.header(api.sdk)))]
    for resource in api.all_resources():
        shown = docs.models_shown(resource, models)
        sections.append(((resource.path, fingerprint(resource), fingerprint(shown)), _later(lambda each: macros.resource(docs.resource_doc(package, each, models)), resource)))
    sections.append((("types",), lambda: str(macros.types_intro())))
    for entry in docs.type_order(package, api):
        sections.append(((entry.module, entry.name, fingerprint(entry)), _later(lambda each: macros.type_section(docs.type_doc(package, each)), entry)))
    keyed = tuple(
        Section(ir.digest((salt, "api.md", inputs)).hex(), make) for inputs, make in sections
    )
    key = hashlib.sha256("".join(section.key for section in keyed).encode()).hexdigest()
    add(Job("api.md", key, lambda: "".join(section.make() for section in keyed), keyed))


def _reads_api(env: jinja2.Environment, name: str) -> bool:
    """Whether a template reads `api` (or includes one that may): if not, a change elsewhere in the API cannot change it."""
    assert env.loader is not None
    source = env.loader.get_source(env, name)[0]
    tree = env.parse(source)
    return "api" in jinja2.meta.find_undeclared_variables(tree) or any(True for _ in tree.find_all(jinja2.nodes.Include))


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
        types.append(op.event_type)
    typing_names = {"Type", "cast"} if any(cast_to(op).startswith("cast(") for op in ops) else set()
    switched = [op for op in ops if op.stream_param is not None]
    if switched:
        typing_names |= {"Literal", "Type", "Union", "overload"}
        if any(_parsed_as(op.returns).startswith("cast(") for op in switched):
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
        edges[module] = {t.module for root in types for t in _models_in(root) if t.module != module}
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
            needs = {t.name for f in model.fields for t in _models_in(f.type)} | ({model.base.name} if model.base else set())
            if not (needs & names) - done - {model.name}:
                break
        else:
            model = pending[0]  # a cycle: forward references resolve it
        placed.append(model)
        done.add(model.name)
        pending.remove(model)
    return placed


def _models_in(t: ir.TypeRef) -> Iterable[ir.TypeRef]:
    if t.kind == "model":
        yield t
    for arg in t.args:
        yield from _models_in(arg)


