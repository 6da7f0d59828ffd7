"""IR → {path: source}, in memory, through the Jinja templates in `templates/`.

`templates/` mirrors the output directory: `templates/client/` is the package (`generated/avara/`),
files at the top are written beside it. The templates directly in `client/` are rendered once each
(the runtime, `pagination.py`; the plain `.py` ones are copied as they are); `client/resources/`
and `client/types/` hold one template per kind of module, rendered once per IR item. Templates
only loop and read attributes: every decision is made in the IR, in `spelling` (how values are
spelled), `modules` (what a module imports) and `layout` (how long lines are split).
"""

from __future__ import annotations

import dataclasses
import functools
import hashlib
import os
import re
from pathlib import Path
from typing import Any, Callable

import jinja2
import jinja2.bccache

from . import distribution, docs, ir, layout, modules, pyexample, pysource, spelling, testgen
from .record import cache_dir, code_fingerprint, templates_dir

TEMPLATES = templates_dir()


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
    env.filters["overloads"] = spelling.overloads
    env.filters["stream_flag_decl"] = spelling.stream_flag_decl
    env.filters["switched_cast_to"] = spelling.switched_cast_to
    env.filters["signature"] = lambda op, is_async=False, flag="", returned="": spelling.signature(op, is_async, flag=flag, returned=returned)
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
    """One output file, not rendered yet. Its `key()` names everything its text depends on (a
    file whose key is as the last run recorded it needs no rendering); computing keys costs a
    sixth of rendering, so a run that has no record to compare them with may skip it."""

    path: str
    key: Callable[[], str]
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

        def key() -> str:
            return ir.digest((salt, path, template, whole_api() if whole else "", {k: fingerprint(v) for k, v in context.items()})).hex()

        jobs.append(Job(path, key, make))

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
            derived = (lambda: modules.page_view(api)) if here == "pagination" else None
            emit(f"{sdk.package}/{template.stem}", name, whole=derived is not None or _reads_api(templates, name), derived=derived, here=here)
        else:
            text = template.read_text(encoding="utf-8")
            if template.suffix == ".py":
                text = header + text
            key = hashlib.sha256((salt + text).encode()).hexdigest()
            jobs.append(Job(f"{sdk.package}/{template.name}", functools.partial(str, key), functools.partial(str, text), formatted=True))
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
            derived=lambda resource=resource: modules.ModuleView(resource.module, tuple(modules.resource_imports(resource))),
        )
        if resource.children:
            emit(
                module_path(api.sdk.package, resource.package_module, is_package=True),
                "client/resources/package.py.jinja",
                here=resource.package_module + ".__init__",
                resource=resource,
            )


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


def _render_types(api: ir.Api, emit: Any) -> None:
    grouped: dict[str, tuple[list[ir.Model], list[ir.ParamsType]]] = {}
    for model in api.models:
        grouped.setdefault(model.module, ([], []))[0].append(model)
    for params_type in api.params_types:
        grouped.setdefault(params_type.module, ([], []))[1].append(params_type)
    packages: dict[str, list[tuple[str, str]]] = {"types": []}
    cyclic = modules.cyclic_imports(grouped)
    for module, (models, params) in sorted(grouped.items()):
        models = modules.definition_order(models)
        # What the module imports after its classes (the modules that import it back) depends on
        # other modules: it is part of the job's key as `cyclic_with`.
        cycle = tuple(sorted(cyclic[module]))

        def view(module: str = module, models: list[ir.Model] = models, params: list[ir.ParamsType] = params, cycle: tuple[str, ...] = cycle) -> modules.ModuleView:
            return modules.types_view(module, models, params, cycle)

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


