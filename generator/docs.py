"""What the generated README.md and api.md show: example calls and references built from the IR.

An example call passes every required argument, and every optional one the spec gives an example
of, each its IR example (`Param.example`: the spec's, else one made to satisfy the schema) spelled
as Python of the argument's type (`pyexample`). Everything spec-derived reaches a Python code block
only through `pysource.literal` or as an identifier the IR allocated, and reaches Markdown prose
only through `markdown`, `table_cell` or `code_span`: no spec string can close a code block, open an
HTML comment, or start a heading or a list.
"""

from __future__ import annotations

import dataclasses
import re
from typing import Any, Dict, Optional, Tuple

from . import ir, naming, pyexample, pysource, spelling

WIDTH = 88  # black's line length: the examples read as black would format them

# Names the examples use for their own variables: a result must not take one.
_TAKEN = frozenset({"client", "asyncio", "httpx", "logging", "os", "page", "response", "error", "main", "result"})


@dataclasses.dataclass(frozen=True)
class Call:
    """An example call of one SDK method, with the variable its result goes to."""

    operation: ir.Operation
    target: str  # the method, reached from the client: `express.create`
    arguments: Tuple[str, ...]  # spelled: path parameters positional, then `name=value`
    result: str  # variable the result is assigned to; "" when the method returns nothing
    shown: str  # what the example prints: `express_customer.express_customer_id`, or ""
    imports: str = ""  # the import of the `datetime` names the arguments use, or ""

    def code(
        self,
        client: str = "client",
        indent: str = "",
        awaited: bool = False,
        show: bool = True,
        head: Optional[str] = None,
        tail: str = "",
    ) -> str:
        """The call as a statement, wrapped as black would, then a print of its result.

        `head` and `tail` go around the call (by default `result = ` and nothing: `with ` and
        ` as response:` make it a with statement).
        """
        if head is None:
            head = f"{self.result} = " if self.result else ""
        call = f"{indent}{head}{'await ' if awaited else ''}{client}.{self.target}("
        arguments = ", ".join(self.arguments)
        if len(f"{call}{arguments}){tail}") <= WIDTH:
            line = f"{call}{arguments}){tail}"
        elif len(f"{indent}    {arguments}") <= WIDTH:
            line = f"{call}\n{indent}    {arguments}\n{indent}){tail}"
        else:
            line = call + "".join(f"\n{indent}    {a}," for a in self.arguments) + f"\n{indent}){tail}"
        if show and self.shown:
            line += f"\n{indent}print({self.shown})"
        return line


@dataclasses.dataclass(frozen=True)
class OperationDoc:
    """One method in api.md."""

    operation: ir.Operation
    route: str  # `POST /v1/express/{expressCustomerId}`, as the spec writes it
    signature: str  # a `def` line, valid Python
    returns: str
    params_type: str  # `avara.types.ExpressCreateParams`, or ""
    call: Call


@dataclasses.dataclass(frozen=True)
class ResourceDoc:
    """One resource in api.md: its methods, reached from `target`."""

    resource: ir.Resource
    target: str  # `client.express.users`
    operations: Tuple[OperationDoc, ...]


@dataclasses.dataclass(frozen=True)
class FieldDoc:
    """A row of a type's table in api.md."""

    name: str
    annotation: str
    required: bool
    description: str


@dataclasses.dataclass(frozen=True)
class TypeDoc:
    """A model or a params TypedDict in api.md."""

    name: str
    module: str  # where users import it from: `avara.types`, `avara.types.express`
    kind: str  # "model", "params" or "request" (a nested request object)
    description: str
    base: str  # the model it extends without adding fields, or ""
    fields: Tuple[FieldDoc, ...]

    @property
    def what(self) -> str:
        """What the type is, in a few words."""
        return {
            "model": "a response model",
            "params": "the keyword arguments of a method (TypedDict)",
            "request": "an object inside a request, keyed by the API's own names (TypedDict)",
        }[self.kind]


@dataclasses.dataclass(frozen=True)
class Examples:
    """The example calls README.md shows."""

    first: Optional[Call]  # the first operation of the spec, for the quick start (None: it has none)
    read: Optional[Call]  # a GET (not paginated) for errors, retries, timeouts, raw responses; else `first`
    paginated: Optional[Call]  # the first paginated operation, if any
    item: str  # the loop variable over its items
    item_shown: str  # what the loop prints of each item
    credentials: Tuple[ir.Credential, ...] = ()  # what the quick start passes: those `first` needs


Models = Dict[Tuple[str, str], ir.Model]  # (module, name) → model


def models_by_name(api: ir.Api) -> Models:
    return {(m.module, m.name): m for m in api.models}


def build_examples(api: ir.Api) -> Examples:
    """README.md's examples: the first operation, the first plain GET and the first paginated one
(plain: neither paginated nor always a stream)."""
    models = models_by_name(api)
    types = pyexample.types_of(api)
    found: list[tuple[ir.Operation, str]] = [(op, ".".join((*resource.path, op.name))) for resource in api.all_resources() for op in resource.operations]
    # A stream of events is no one value to show: the examples call methods that return one.
    plain = [entry for entry in found if entry[0].pagination is None and not entry[0].streams] or found
    reads = [entry for entry in plain if entry[0].http_method == "get"] or plain
    paginated_op = next((entry for entry in found if entry[0].pagination is not None), None)
    paginated = call(paginated_op[0], paginated_op[1], models, types) if paginated_op else None
    item, item_shown = "", ""
    if paginated is not None and paginated.operation.item_type is not None:
        item, item_shown = _result_names(paginated.operation.item_type, models, fallback="item")
    return Examples(
        first=call(plain[0][0], plain[0][1], models, types) if plain else None,
        read=call(reads[0][0], reads[0][1], models, types) if reads else None,
        paginated=paginated,
        item=item,
        item_shown=item_shown,
        credentials=_credentials(api.sdk.security, plain[0][0] if plain else None),
    )


def _credentials(security: ir.Security, op: Optional[ir.Operation]) -> Tuple[ir.Credential, ...]:
    """The credentials of the first alternative that `op` (else the API's default) accepts."""
    requirements = security.default if op is None or op.security is None else op.security
    alternative = next((each for each in requirements if each), ())
    schemes = {scheme.key: scheme for scheme in security.schemes}
    return tuple(c for key in alternative for c in schemes[key].credentials)


def resource_doc(package: str, resource: ir.Resource, models: Models, types: pyexample.Types) -> ResourceDoc:
    """A resource's section of api.md."""
    target = ".".join(resource.path)
    operations = []
    for op in resource.operations:
        operations.append(
            OperationDoc(
                operation=op,
                route=f"{op.http_method.upper()} {op.wire_path}",
                signature=spelling.signature(op, method=False) + " ...",
                returns=_returns(op),
                params_type=f"{package}.{_package_of(op.params_type.module)}.{op.params_type.name}" if op.params_type else "",
                call=call(op, f"{target}.{op.name}", models, types),
            )
        )
    return ResourceDoc(resource, f"client.{target}", tuple(operations))


# -- example calls ---------------------------------------------------------------------------------


def call(op: ir.Operation, target: str, models: Models, types: pyexample.Types, *, every: bool = False) -> Call:
    """The example call of `op`: path parameters positional, then every required argument and
    every one the spec gives an example of (the cursor of a page aside); with `every`, every
    argument."""
    cursor = op.pagination.cursor_param if op.pagination else None
    arguments = []
    imports: set[str] = set()
    for param in op.params:
        if param.location == "path":
            spelled = pyexample.argument(param, types)
            arguments.append(spelled.text)
        elif every or param.required or (param.example_given and param.wire_name != cursor):
            spelled = pyexample.argument(param, types)
            arguments.append(f"{param.name}={spelled.text}")
        else:
            continue
        imports |= spelled.imports
    result, shown = "", ""
    if op.pagination is not None:
        result, shown = "page", f"page.{op.pagination.items.name}"
    elif op.streams:
        result, shown = "stream", "stream"
    elif op.returns is not None:
        result, shown = _result_names(op.returns, models, fallback="result")
    return Call(op, target, tuple(arguments), result, shown, pyexample.datetime_import(frozenset(imports)))


def _result_names(t: ir.TypeRef, models: Models, fallback: str) -> tuple[str, str]:
    """A variable for a value of type `t`, and what to print of it (its first always-present field)."""
    model = models.get((t.module, t.name)) if t.kind == "model" else None
    if model is None:
        return fallback, fallback
    base = models.get((model.base.module, model.base.name)) if model.base else None
    named = base or model
    variable = naming.snake(named.name)
    if variable in _TAKEN or not variable.isidentifier():
        variable = fallback
    always = [f for f in named.fields if f.required and not f.type.is_nullable and f.type.kind == "primitive"]
    return variable, f"{variable}.{always[0].name}" if always else variable


# -- reference -------------------------------------------------------------------------------------


def _returns(op: ir.Operation) -> str:
    """What the (sync) method returns, as its signature spells it."""
    return spelling.returns(op)


def _package_of(module: str) -> str:
    return module.rsplit(".", 1)[0]


@dataclasses.dataclass(frozen=True)
class Reference:
    """What api.md shows: every resource's methods, then every type."""

    resources: Tuple[ResourceDoc, ...]
    types: Tuple[TypeDoc, ...]


def api_reference(api: ir.Api) -> Reference:
    """api.md's contents, in page order."""
    package = api.sdk.package
    models = models_by_name(api)
    types = pyexample.types_of(api)
    return Reference(
        tuple(resource_doc(package, resource, models, types) for resource in api.all_resources()),
        tuple(type_doc(package, entry) for entry in type_order(package, api)),
    )


def type_doc(package: str, entry: ir.Model | ir.ParamsType) -> TypeDoc:
    """A model's or a params type's section of api.md."""
    return model_doc(package, entry) if isinstance(entry, ir.Model) else params_doc(package, entry)


def model_doc(package: str, model: ir.Model) -> TypeDoc:
    """A response model's section of api.md."""
    fields = tuple(
        FieldDoc(f.name, pysource.annotation(f.type if f.required and not f.type.is_nullable else ir.optional(f.type), plain=True), f.required, f.description)
        for f in model.fields
    )
    base = model.base.name if model.base else ""
    return TypeDoc(model.name, f"{package}.{_package_of(model.module)}", "model", model.description, base, fields)


def params_doc(package: str, params: ir.ParamsType) -> TypeDoc:
    """A params (or nested request) TypedDict's section of api.md."""
    fields = tuple(
        FieldDoc(f.wire_name if params.by_wire_name else f.name, pysource.annotation(f.type), f.required, f.description)
        for f in params.fields
    )
    kind = "request" if params.by_wire_name else "params"
    return TypeDoc(params.name, f"{package}.{_package_of(params.module)}", kind, params.description, "", fields)


def type_order(package: str, api: ir.Api) -> list[ir.Model | ir.ParamsType]:
    """The models and params types in the order api.md lists them: by package, then name."""
    entries: list[ir.Model | ir.ParamsType] = [*api.models, *api.params_types]
    return sorted(entries, key=lambda t: (f"{package}.{_package_of(t.module)}", t.name))


# -- Markdown --------------------------------------------------------------------------------------

_BLOCK_CHARS = frozenset("#>+*=`~|_-")
_NUMBERED = re.compile(r"^(\d+)([.)])")


def markdown(text: str) -> str:
    """Spec prose as one Markdown paragraph: whitespace collapsed, no raw HTML, and nothing at its
    start that would make it a heading, quote, list, fence or table."""
    flat = " ".join(text.split()).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    if _NUMBERED.match(flat):
        return _NUMBERED.sub(r"\1\\\2", flat, count=1)
    return "\\" + flat if flat[:1] in _BLOCK_CHARS else flat


def table_cell(text: str) -> str:
    """Spec prose inside a table cell: `markdown`, with pipes escaped."""
    return markdown(text).replace("|", "\\|")


def code_span(text: str, *, in_table: bool = False) -> str:
    """`text` as inline code, whatever backticks it holds."""
    flat = " ".join(text.split())
    runs = [len(run) for run in re.findall(r"`+", flat)]
    fence = "`" * (max(runs, default=0) + 1)
    padded = f" {flat} " if flat.startswith("`") or flat.endswith("`") else flat
    spelled = f"{fence}{padded}{fence}"
    return spelled.replace("|", "\\|") if in_table else spelled


def register(filters: dict[str, Any]) -> None:
    """Add the Markdown filters to a Jinja environment's filters."""
    filters["md"] = markdown
    filters["md_cell"] = table_cell
    filters["code"] = code_span
    filters["code_cell"] = lambda text: code_span(text, in_table=True)
