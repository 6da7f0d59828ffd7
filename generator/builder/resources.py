"""Resource tree and method names.

A dotted `operationId` (`express.users.add`) names the SDK call directly. Without one, the name
comes from the HTTP method and the path: GET on a collection is `list`, POST on it `create`; on an
item GET is `retrieve`, PATCH/PUT `update`, DELETE `delete`; POST to `item/verb` is `verb`.
Any other `operationId` becomes the method name, on the resource its path gives.
"""

from __future__ import annotations

import dataclasses
import re

from .. import ir, naming
from ..load import Ref

_VERSION_SEGMENT = re.compile(r"^(v\d+(\.\d+)*|api)$", re.IGNORECASE)
_ITEM_METHODS = {"get": "retrieve", "patch": "update", "put": "update", "delete": "delete"}
_COLLECTION_METHODS = {"get": "list", "post": "create", "put": "update", "patch": "update", "delete": "delete"}


@dataclasses.dataclass(frozen=True)
class RawOperation:
    """An operation as found in the spec, before it is built."""

    path: str
    method: str
    ref: Ref
    operation_id: str


def _segments(path: str) -> list[str]:
    return [s for s in path.strip("/").split("/") if s]


def _is_param(segment: str) -> bool:
    return segment.startswith("{") and segment.endswith("}")


def name_operation(op: RawOperation, all_ops: set[tuple[str, str]]) -> tuple[tuple[str, ...], str]:
    """The resource path (attribute names) and method name of one operation."""
    if op.operation_id and "." in op.operation_id.strip("."):
        parts = [p for p in op.operation_id.split(".") if p]
        return resource_path(parts[:-1]), naming.method_name(parts[-1])
    segments = [s for s in _segments(op.path) if not _VERSION_SEGMENT.match(s)]
    resource: list[str] = []
    method_name = ""
    for index, segment in enumerate(segments):
        if _is_param(segment):
            continue
        last = index == len(segments) - 1
        follows_item = index > 0 and _is_param(segments[index - 1])
        # `POST /things/{id}/verb` is an action on the item, unless `verb` is also a collection
        # that can be listed.
        if last and follows_item and op.method == "post" and (op.path, "get") not in all_ops:
            method_name = naming.method_name(segment)
            break
        resource.append(segment)
    if not resource:
        resource = ["client"]
    if op.operation_id:
        method_name = naming.method_name(op.operation_id)
    elif not method_name:
        on_item = bool(segments) and _is_param(segments[-1])
        table = _ITEM_METHODS if on_item else _COLLECTION_METHODS
        method_name = table.get(op.method, op.method)
    return resource_path(resource), method_name


def resource_path(names: list[str]) -> tuple[str, ...]:
    """Attribute names of a resource path: the first one on the client, the others on resources."""
    return tuple(naming.resource_name(n, top_level=i == 0) for i, n in enumerate(names))


def module_layout(path: tuple[str, ...], has_children: bool, children: frozenset[str] | set[str] = frozenset()) -> tuple[str, str]:
    """(module defining the resource class, module its parent imports it from).

    A resource with children is a package whose own module is named after it, unless a child
    has that name (`users.users`): then it is the first free `users2`.
    """
    base = "resources." + ".".join(naming.shorten(part) for part in path)
    if has_children:
        return f"{base}.{naming.shorten(naming.Allocator(children).claim(path[-1]))}", base
    return base, base


def build_tree(
    operations: dict[tuple[str, ...], list[ir.Operation]],
    descriptions: dict[tuple[str, ...], str],
) -> tuple[ir.Resource, ...]:
    """Nest resources by path; every prefix of a resource path is a resource too.

    Resources and their methods keep the order in which the spec first mentions them.
    """
    paths: list[tuple[str, ...]] = []
    for path in operations:
        for depth in range(1, len(path) + 1):
            if path[:depth] not in paths:
                paths.append(path[:depth])

    # Resource classes are unique across the package: a parent module imports its children's
    # classes, and `users.users` must not import a class of its own name.
    class_names = naming.Allocator(naming.RESERVED_CLASSES)

    def make(path: tuple[str, ...]) -> ir.Resource:
        class_name = class_names.claim(naming.pascal(path[-1]) + "Resource")
        children = tuple(make(p) for p in paths if len(p) == len(path) + 1 and p[: len(path)] == path)
        module, package_module = module_layout(path, bool(children), {c.attr for c in children})
        return ir.Resource(
            attr=path[-1],
            path=path,
            class_name=class_name,
            raw_class_name=class_name + "WithRawResponse",
            module=module,
            package_module=package_module,
            operations=tuple(operations.get(path, [])),
            children=children,
            description=descriptions.get(path, ""),
        )

    return tuple(make(p) for p in paths if len(p) == 1)
