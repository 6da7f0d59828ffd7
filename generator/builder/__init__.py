"""Document → IR. Each module here handles one concern; this one runs them in order.

Problems are collected in the context and raised together once everything has been looked at.
"""

from __future__ import annotations

import dataclasses
from typing import Any

from .. import ir, naming
from ..config import Config
from ..load import Document, Ref
from ..problems import GenerationError, errors_in
from .context import BuildContext, text
from .operations import OperationBuilder
from .pagination import CONFIG_KEY
from .report import report_renamed_params
from .resources import Namer, RawOperation, assign_names, build_tree, split_path_key
from .schemas import Schemas
from .security import SecurityBuilder

HTTP_METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")


def build(doc: Document, config: Config) -> tuple[ir.Api, BuildContext]:
    """The IR of the document. Raises GenerationError when any problem is an error."""
    ctx = BuildContext(doc)
    ctx.problems.extend(doc.problems)
    root = Ref(doc.root_path, "", doc.root)
    schemas = _NamedSchemas(ctx, config.schema_names)
    builder = OperationBuilder(ctx, schemas, idempotency_header=config.idempotency_header, response_names=config.response_names)
    security = SecurityBuilder(ctx, root)

    raw_ops: list[tuple[RawOperation, Ref]] = []
    paths = ctx.child(root, "paths")
    # Spec order: resources and methods appear in the SDK in the order the spec lists them.
    for key in paths.value if isinstance(paths.value, dict) else {}:
        item = ctx.resolve(ctx.child(paths, key))
        if not isinstance(item.value, dict):
            continue
        path, query, fragment = split_path_key(str(key))
        for method in item.value:
            if method not in HTTP_METHODS:
                continue
            op = ctx.resolve(_not_a_ref(ctx, ctx.child(item, method), "an operation object"))
            if isinstance(op.value, dict):
                _declare_pagination(op.value, str(key), method, config)
                raw = RawOperation(path, method, op, text(op.value.get("operationId")), str(key) if str(key) != path else "", query, fragment)
                raw_ops.append((raw, item))
    if not raw_ops:
        # Valid OpenAPI (a spec of components, or one still being written), and an SDK with no
        # method is seldom what is wanted.
        ctx.report("warning", "the spec has no operations: the SDK is a client without resources or methods", paths if isinstance(paths.value, dict) else root)

    def warn(message: str, where: Ref) -> None:
        ctx.report("warning", message, where)

    items = {id(raw): item for raw, item in raw_ops}
    namer = Namer(
        [raw for raw, _ in raw_ops],
        returns_list=lambda raw: builder.returns_list(raw, items[id(raw)]),
        config_names=config.operation_names,
        root=doc.root,
    )
    namings = [(raw, namer.name(raw, warn)) for raw, _ in raw_ops]
    method_names = assign_names(namings, warn)
    # A types module must not take the name of a types package.
    for package in sorted({n.resource[0] for _raw, n in namings if len(n.resource) > 1}):
        ctx.module_names.claim(naming.shorten(package))

    operations: dict[tuple[str, ...], list[ir.Operation]] = {}
    for (raw, item), (_raw, name), method_name in zip(raw_ops, namings, method_names):
        operation = builder.build(raw, item, name.resource, method_name)
        sends = security.operation(raw.ref)
        if sends is not None:
            operation = dataclasses.replace(operation, security=sends)
        report_renamed_params(ctx, operation, raw.ref)
        operations.setdefault(name.resource, []).append(operation)
    operations = builder.name_pages(operations)

    if errors_in(ctx.problems):
        raise GenerationError(ctx.problems)  # the warnings too: reported with the errors
    descriptions = _tag_descriptions(root, ctx)
    resources = build_tree(operations, descriptions)
    credentials = security.security(config.env_prefix, {r.attr for r in resources})
    api = ir.Api(
        sdk=_sdk(doc, config, credentials),
        resources=resources,
        models=schemas.models,
        params_types=tuple(sorted(builder.params_types + list(schemas.params_types), key=lambda p: (p.module, p.name))),
        pages=builder.pages,
    )
    return api, ctx


def _override(table: dict[str, Any], operation_id: str, method: str, path: str) -> Any:
    """The config entry for an operation, by operationId or by "METHOD /path"."""
    if operation_id and operation_id in table:
        return table[operation_id]
    return table.get(f"{method.upper()} {path}")


def _declare_pagination(operation: dict[str, Any], path: str, method: str, config: Config) -> None:
    """A config pagination entry acts as the operation's `x-pagination` (and wins over the spec's)."""
    declared = _override(config.pagination, str(operation.get("operationId") or ""), method, path)
    if declared is not None:
        operation[CONFIG_KEY] = dict(declared)


class _NamedSchemas(Schemas):
    """Schemas whose component names can be overridden by `[tool.sdkgen.names.schemas]`."""

    def __init__(self, ctx: BuildContext, names: dict[str, str]) -> None:
        super().__init__(ctx)
        self._renames = names

    def component_name(self, ref: Ref) -> tuple[Ref, str] | None:
        found = super().component_name(ref)
        if found is None:
            return None
        target = self.ctx.doc.target_of(ref)
        parent, _, name = target.pointer.rpartition("/") if target else ("", "", "")
        if parent == "/components/schemas" and name in self._renames:
            return found[0], self._renames[name]
        return found

    def _shared_model(self, target: Ref, name: str) -> ir.TypeRef:
        known = (str(target.file), target.pointer) in self._names
        typeref = super()._shared_model(target, name)
        if not known and typeref.name != naming.pascal(name):
            self.ctx.report("warning", f"schema {name!r} is named {typeref.name} in Python: another type took its name first", target)
        return typeref


def _not_a_ref(ctx: BuildContext, ref: Ref, what: str) -> Ref:
    """`ref`, with a warning when it is a `$ref` where OpenAPI allows none; it is followed anyway."""
    if isinstance(ref.value, dict) and "$ref" in ref.value:
        ctx.report("warning", f"OpenAPI allows no $ref in place of {what}; sdkgen follows it", ref)
    return ref


def _tag_descriptions(root: Ref, ctx: BuildContext) -> dict[tuple[str, ...], str]:
    out: dict[tuple[str, ...], str] = {}
    tags = ctx.child(root, "tags")
    for index in range(len(tags.value) if isinstance(tags.value, list) else 0):
        # Followed even where OpenAPI allows no `$ref` (a tag, its description): the validator
        # has said so, and the text is still the author's.
        tag = ctx.resolve(_not_a_ref(ctx, ctx.child(tags, index), "a tag object"))
        if isinstance(tag.value, dict) and isinstance(tag.value.get("name"), str):
            description = ctx.resolve(ctx.child(tag, "description")).value
            out[(naming.resource_name(tag.value["name"], top_level=True),)] = text(description)
    return out


def _sdk(doc: Document, config: Config, security: ir.Security) -> ir.Sdk:
    info: Any = doc.root.get("info") if isinstance(doc.root.get("info"), dict) else {}
    servers = doc.root.get("servers")
    spec_url = servers[0].get("url") if isinstance(servers, list) and servers and isinstance(servers[0], dict) else None
    prefix = config.env_prefix
    return ir.Sdk(
        package=config.package,
        client_class=config.client,
        error_class=config.client + "Error",
        env_prefix=prefix,
        base_url_env=f"{prefix}_BASE_URL",
        default_base_url=config.base_url or (str(spec_url) if spec_url else "http://localhost"),
        version=config.version or str(info.get("version", "0.0.0")),
        title=text(info.get("title")) or config.client,
        description=text(info.get("description")),
        spec_name=doc.root_path.name,
        security=security,
    )
