"""How the IR is spelled in the generated Python: signatures, return types, fields, docstrings.

Every function here writes what black would leave as it is (see `pysource`), so that black runs
only on the few files where a line could not be broken here. The templates and api.md use the
same spellings.
"""

from __future__ import annotations

import dataclasses

from . import ir, pysource
from .layout import fits, split_assignment, split_conditional, split_declaration, split_line, split_signature_end

_ENCODINGS = {"form": "application/x-www-form-urlencoded", "multipart": "multipart/form-data"}


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
    if op.event_type is not None:
        return "_cast_to"  # declared by `switched_cast_to`
    return parsed_as(op.returns)


def switched_cast_to(op: ir.Operation, is_async: bool = False) -> str:
    """The statement declaring `_cast_to` in a method whose `stream` argument asks for events or
    not: the stream class then (the runtime reads its item type), else the response's type.
    Declared with the union, which both type checkers then solve the request's type with."""
    assert op.event_type is not None
    stream = _stream_type(op.event_type, is_async)
    plain = pysource.annotation(op.returns, plain=True) if op.returns is not None else "None"
    parsed = _stream_type(op.event_type, is_async, plain=False)
    return split_conditional(f"_cast_to: Type[Union[{plain}, {stream}]]", parsed, f"{op.stream_flag} is True", parsed_as(op.returns), 8)


def parsed_as(returns: ir.TypeRef | None) -> str:
    """What the runtime parses a plain response into."""
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


def keyword(value: str, name: str, indent: int) -> str:
    """`name=value,` as an argument on a line of its own at `indent`."""
    return split_line(f"{name}={value},", indent)


_EXTRAS = (
    "# Extra values for this call only, taking precedence over the client's.",
    "extra_headers: Headers | None = None,",
    "extra_query: Query | None = None,",
    "extra_body: Body | None = None,",
    "timeout: float | httpx.Timeout | None | NotGiven = not_given,",
)


def signature(op: ir.Operation, is_async: bool = False, *, flag: str = "", returned: str = "", method: bool = True) -> str:
    """The `def` line(s) of an SDK method, ending with its colon: path parameters positional,
    the others keyword-only. As the resource module writes it (`method`: at 4 spaces, with
    `self` and the per-call options) and as api.md shows it (without them). An overload gives
    `flag`, the `stream` argument's declaration (`Literal[True]`, `bool | Omit = omit`), and
    `returned`, its return type."""
    indent = 4 if method else 0
    inner = " " * (indent + 4)
    lines = ["self,"] if method else []
    lines += [param_line(p, indent + 4) for p in op.path_params]
    keywords = [p for p in op.params if p.location != "path"]
    if keywords or method:
        lines.append("*,")
    for p in keywords:
        if flag and p.name == op.stream_flag:
            optional = flag.endswith(" | Omit = omit")
            p = dataclasses.replace(p, required=not optional)
            lines.append(param_line(p, indent + 4, annotation=flag.removesuffix(" | Omit = omit")))
        else:
            lines.append(param_line(p, indent + 4))
    if method:
        lines += _EXTRAS
    head = f"{'async ' if is_async and not op.pagination else ''}def {op.name}("
    return head + "".join(f"\n{inner}{line}" for line in lines) + f"\n{' ' * indent}{split_signature_end(returned or returns(op, is_async), indent)}"


def param_line(param: ir.Param, indent: int, *, annotation: str = "") -> str:
    """An argument in a method's signature: `name: Type,`, or `name: Type | Omit = omit,`.

    A long optional one is split as black splits it: the annotation in parentheses, `| Omit`
    on a line of its own unless the annotation fits beside it.
    """
    spelled = annotation or pysource.annotation(param.type)
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
