"""How the IR is spelled in the generated Python: signatures, return types, fields, docstrings.

Every function here writes what black would leave as it is (see `pysource`), so that black runs
only on the few files where a line could not be broken here. The templates and api.md use the
same spellings.
"""

from __future__ import annotations

from . import ir, pysource
from .layout import fits, split_assignment, split_declaration, split_line, split_signature_end

_ENCODINGS = {"form": "application/x-www-form-urlencoded", "multipart": "multipart/form-data"}


def returns(op: ir.Operation, is_async: bool = False) -> str:
    """The return annotation of an SDK method (an async list method returns a paginator)."""
    if op.pagination is not None and op.item_type is not None:
        page = page_type(op, is_async, plain=True)
        return f"AsyncPaginator[{pysource.annotation(op.item_type, plain=True)}, {page}]" if is_async else page
    if op.streams and op.returns is not None:
        return _stream_type(op, is_async)
    return pysource.annotation(op.returns, plain=True) if op.returns is not None else "None"


def _stream_type(op: ir.Operation, is_async: bool) -> str:
    """`Stream[Event]` (`AsyncStream[Event]`): what an event-stream operation returns."""
    assert op.returns is not None
    return f"{'AsyncStream' if is_async else 'Stream'}[{pysource.annotation(op.returns, plain=True)}]"


def page_type(op: ir.Operation, is_async: bool = False, *, plain: bool = False) -> str:
    """The page class of a paginated operation, applied to its item type (`plain`: as type
    checkers need it, without the run-time metadata of a discriminated item type)."""
    assert op.pagination is not None and op.item_type is not None
    page_class = op.pagination.async_page_class if is_async else op.pagination.page_class
    return f"{page_class}[{pysource.annotation(op.item_type, plain=plain)}]"


def cast_to(op: ir.Operation, is_async: bool = False) -> str:
    """What the runtime parses a response into: a class, or a typing construct cast to a type."""
    if op.returns is None:
        return "type(None)"
    if op.streams:
        return _stream_type(op, is_async)
    spelled = pysource.annotation(op.returns)
    # `List[X]` and `Dict[str, X]` already are types to both checkers; unions and literals are
    # special forms that need the cast.
    if op.returns.kind in ("model", "primitive", "list", "dict"):
        return spelled
    return f"cast(Type[{pysource.annotation(op.returns, plain=True)}], {spelled})"


def param_annotation(param: ir.Param) -> str:
    """A method argument's annotation: optional ones also accept `omit`, their default."""
    spelled = pysource.annotation(param.type)
    return spelled if param.required else f"{spelled} | Omit"


def returns_line(op: ir.Operation, is_async: bool = False) -> str:
    """The `) -> Type:` line that closes a method's signature (at 4 spaces)."""
    return split_signature_end(returns(op, is_async), 4)


def keyword(value: str, name: str, indent: int) -> str:
    """`name=value,` as an argument on a line of its own at `indent`."""
    return split_line(f"{name}={value},", indent)


def param_line(param: ir.Param, indent: int) -> str:
    """An argument in a method's signature: `name: Type,`, or `name: Type | Omit = omit,`.

    A long optional one is split as black splits it: the annotation in parentheses, `| Omit`
    on a line of its own unless the annotation fits beside it.
    """
    spelled = pysource.annotation(param.type)
    if param.required:
        return split_line(f"{param.name}: {spelled},", indent)
    line = f"{param.name}: {spelled} | Omit = omit,"
    if fits(" " * indent + line):
        return line
    inner = " " * (indent + 4)
    union = f"{spelled} | Omit"
    middle = union if fits(inner + union) else f"{split_line(spelled, indent + 4)}\n{inner}| Omit"
    return f"{param.name}: (\n{inner}{middle}\n{' ' * indent}) = omit,"


def property_def(name: str, returns: str, indent: int) -> str:
    """`def name(self) -> returns:`, split as black splits a long one."""
    line = f"def {name}(self) -> {returns}:"
    if fits(" " * indent + line):
        return line
    return f"def {name}(\n{' ' * (indent + 4)}self,\n{' ' * indent}{split_signature_end(returns, indent)}"


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
    return pysource.docstring("\n\n".join(parts), 8)


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


def _field_default(field: ir.Field, default: str | None) -> str:
    """The ` = ...` of a pydantic field: its wire alias and `default` ("default=None", ...)."""
    arguments = [f"alias={pysource.literal(field.wire_name)}"] if field.wire_name != field.name else []
    if default == "default=None" and not arguments:
        return " = None"
    if default is not None:
        arguments.append(default)
    return f" = FieldInfo({', '.join(arguments)})" if arguments else ""


def model_field(field: ir.Field, indent: int = 4, *, page: bool = False) -> str:
    """`name: Annotation = default` of a pydantic field, at `indent`."""
    declared = declared_type(field, page=page)
    spelled = pysource.annotation(declared)
    # A page's items have no default: pyright cannot type an empty-list default of `List[_T]`,
    # and lenient decoding still gives a page whose items are missing.
    default = None if declared is field.type and not field.type.is_nullable else "default=None"
    return _assignment(f"{field.name}: {spelled}", _field_default(field, default).removeprefix(" = "), indent)


def _assignment(target: str, value: str, indent: int) -> str:
    """`target = value` (or `target` alone when `value` is ""), at `indent`."""
    return split_assignment(target, value, indent) if value else split_declaration(target, indent)


def typed_dict_field(field: ir.Field) -> str:
    """A TypedDict key: `Required[...]` when the spec requires it, the wire name as an alias."""
    spelled = pysource.annotation(field.type)
    if field.wire_name != field.name:
        spelled = f"Annotated[{spelled}, PropertyInfo(alias={pysource.literal(field.wire_name)})]"
    if field.required:
        spelled = f"Required[{spelled}]"
    return f"{field.name}: {spelled}"


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
