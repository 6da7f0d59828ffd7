"""The intermediate model: what the SDK is, independent of the spec's spelling and of templates.

Plain frozen dataclasses. `build` produces them from a document; `render` reads only these.
Python names here are final (allocated by `naming`); wire names are the spec's.
"""

from __future__ import annotations

import dataclasses
import hashlib
import io
import keyword
import pickle
from typing import Iterator, Literal, Optional, Tuple, Union

LiteralValue = Union[str, int, float, bool, None]


@dataclasses.dataclass(frozen=True)
class TypeRef:
    """A type of a value.

    kind:
      primitive  `name` is one of str, int, float, bool, datetime, date, object
      none       JSON null
      list       `args[0]` is the item type
      dict       `args[0]` is the value type (keys are strings)
      union      `args` are the members (a member of kind "none" makes it Optional)
      literal    `values` are the allowed constants
      model      `name` is a model class (or a params TypedDict) defined in module `module`

    A union of models may name a `discriminator`: the attribute (in every member, a Literal
    field) whose value says which member a value is.
    """

    kind: Literal["primitive", "none", "list", "dict", "union", "literal", "model"]
    name: str = ""
    module: str = ""
    args: Tuple["TypeRef", ...] = ()
    values: Tuple[LiteralValue, ...] = ()
    discriminator: str = ""

    @property
    def is_nullable(self) -> bool:
        """Whether JSON null is a valid value."""
        return self.kind == "none" or (self.kind == "union" and any(a.kind == "none" for a in self.args))

    def walk(self) -> Iterator["TypeRef"]:
        """This type and every type inside it, depth first: the one walk over a type's parts."""
        yield self
        for arg in self.args:
            yield from arg.walk()


ANY = TypeRef("primitive", "object")
NONE = TypeRef("none")
PAGE_ITEM = TypeRef("primitive", "_T")  # the type parameter of a generic page class
# Runtime classes and aliases of the generated package, spelled like models of their module.
FILE = TypeRef("model", "FileTypes", "_files")  # an uploaded file: bytes, a path, a file object, a tuple
FILE_CONTENT = TypeRef("model", "FileContent", "_files")  # bytes, a path or a binary file object
BINARY_RESPONSE = TypeRef("model", "BinaryResponse", "_files")
SERVER_SENT_EVENT = TypeRef("model", "ServerSentEvent", "_streaming")


def primitive(name: str) -> TypeRef:
    """A primitive type by its Python name."""
    return TypeRef("primitive", name)


def optional(inner: TypeRef) -> TypeRef:
    """`inner` or null (flattened: no nested unions, no duplicate None)."""
    if inner.is_nullable:
        return inner
    # A discriminated union stays whole: `Optional[Annotated[Union[...], ...]]`.
    members = inner.args if inner.kind == "union" and not inner.discriminator else (inner,)
    return TypeRef("union", args=members + (NONE,))


@dataclasses.dataclass(frozen=True)
class Field:
    """A property of a model or of a params TypedDict."""

    name: str
    wire_name: str
    type: TypeRef
    required: bool
    description: str = ""
    deprecated: bool = False


@dataclasses.dataclass(frozen=True)
class Model:
    """A response model class (pydantic), defined in `module` (dotted, relative to the package)."""

    name: str
    module: str
    fields: Tuple[Field, ...]
    description: str = ""
    base: Optional[TypeRef] = None  # a shared model this class extends without adding fields
    # Where the spec defines it: the JSON pointer of its schema (prefixed `file#` outside the
    # root file). `sdkgen diff` tells a renamed model from a removed one by it.
    origin: str = ""


@dataclasses.dataclass(frozen=True)
class ParamsType:
    """The TypedDict describing an operation's keyword arguments (query and body), as users pass them."""

    name: str
    module: str
    fields: Tuple[Field, ...]
    # A nested request object: keyed by wire names (users pass them as the API spells them).
    by_wire_name: bool = False
    description: str = ""

    @property
    def functional(self) -> bool:
        """Whether a wire name cannot be a key of the class syntax, so the TypedDict needs the
        functional one: not an ASCII identifier (Python would normalise it), a keyword, a
        private name (it would be mangled), or a name the annotations use (it would shadow it)."""
        if not self.by_wire_name:
            return False
        used = _ANNOTATION_NAMES | {t.name for f in self.fields for t in f.type.walk() if t.kind == "model"}
        return any(
            not (f.wire_name.isascii() and f.wire_name.isidentifier())
            or keyword.iskeyword(f.wire_name)
            or f.wire_name.startswith("__")
            or f.wire_name in used
            for f in self.fields
        )


# Names the annotations of a types module may use.
_ANNOTATION_NAMES = frozenset(
    {"str", "int", "float", "bool", "object", "None", "datetime", "date", "List", "Dict", "Optional", "Union"}
    | {"Literal", "Required", "Annotated", "TypedDict", "FieldInfo"}
)


@dataclasses.dataclass(frozen=True)
class Param:
    """One argument of an SDK method."""

    name: str
    wire_name: str
    location: Literal["path", "query", "header", "cookie", "body"]
    type: TypeRef
    required: bool
    description: str = ""
    # An example value as JSON text: the spec's when it is valid (`example_given`), else one made
    # to satisfy the schema (builder/examples.py); None when none can be made.
    example: Optional[str] = None
    example_given: bool = False
    # OpenAPI serialization of an array or object query parameter: `form`, `spaceDelimited`,
    # `pipeDelimited` or `deepObject`, and whether it is exploded; "" for a scalar.
    style: str = ""
    explode: bool = True


PaginationStyle = Literal["cursor", "item_cursor", "offset", "page", "next_url", "link"]


@dataclasses.dataclass(frozen=True)
class Pagination:
    """How a paginated operation's response says what the next request is.

    `scheme` names the style; `spec_class` is the runtime's `PageSpec` subclass that works out
    the next request, built with `spec_args` (keyword, Python source of the value). `cursor`
    and `has_more` are the page's top-level fields that hold the cursor (or next URL) and the
    last-page flag, when it has them; `cursor_param` is the query parameter the next request
    changes ("" when the next request is a URL).
    """

    scheme: PaginationStyle
    page_class: str
    items: Field
    cursor: Optional[Field]
    has_more: Optional[Field]
    cursor_param: str
    other_fields: Tuple[Field, ...] = ()
    detected: bool = True  # False when declared
    spec_class: str = "CursorPageSpec"
    spec_args: Tuple[Tuple[str, LiteralValue], ...] = ()
    declared_by: str = ""  # x-pagination, x-speakeasy-pagination, ...; "" when detected

    @property
    def async_page_class(self) -> str:
        """The async client's twin of `page_class`: `SyncCursorX` → `AsyncCursorX`."""
        return "Async" + self.page_class.removeprefix("Sync")

    @property
    def fields(self) -> Tuple[Field, ...]:
        """The page's fields in declaration order: items, has_more, cursor, then the rest."""
        special = tuple(f for f in (self.has_more, self.cursor) if f is not None)
        return (self.items,) + special + self.other_fields


SecurityRequirement = Tuple[str, ...]  # the names of security schemes sent together


@dataclasses.dataclass(frozen=True)
class Credential:
    """A client option holding a credential, read from the environment variable `env` when not passed."""

    name: str
    env: str
    secret: bool = True  # kept out of logs and error messages (a user name is not)
    required: bool = False  # every operation needs it: a client without it cannot be made


SchemeKind = Literal["header", "query", "cookie", "bearer", "basic"]


@dataclasses.dataclass(frozen=True)
class SecurityScheme:
    """One of the spec's `securitySchemes`: where a request carries its credentials.

    kind:
      header, query, cookie  an `apiKey` sent as that header, query parameter or cookie (`wire_name`)
      bearer                 `Authorization: Bearer <token>` (HTTP bearer, OAuth 2, OpenID Connect)
      basic                  `Authorization: Basic <base64 of user:password>`
    """

    key: str  # its name under components/securitySchemes
    type: str  # the spec's `type`: apiKey, http, oauth2 or openIdConnect
    kind: SchemeKind
    wire_name: str
    credentials: Tuple[Credential, ...]  # the token or key; basic: the user name, then the password


@dataclasses.dataclass(frozen=True)
class Security:
    """The client's credentials, and what a request sends when its operation says nothing else."""

    schemes: Tuple[SecurityScheme, ...] = ()  # those some `security` requirement names, in spec order
    default: Tuple[SecurityRequirement, ...] = ()  # the top-level `security`

    @property
    def credentials(self) -> Tuple[Credential, ...]:
        return tuple(c for scheme in self.schemes for c in scheme.credentials)


@dataclasses.dataclass(frozen=True)
class Operation:
    """One SDK method and the HTTP request behind it."""

    name: str
    http_method: str
    path: str  # with `{python_name}` placeholders
    wire_path: str  # the path key as the spec writes it (with a fixed query or #fragment, if any)
    params: Tuple[Param, ...]  # path params first (positional), then the keyword-only ones
    returns: Optional[TypeRef]  # None: the response has no body
    summary: str = ""
    description: str = ""
    deprecated: bool = False
    has_body: bool = False
    params_type: Optional[ParamsType] = None
    pagination: Optional[Pagination] = None
    item_type: Optional[TypeRef] = None  # a paginated operation's item type
    # The header carrying an idempotency key (`Idempotency-Key`): the client sends a fresh
    # key per call unless the call passes one, and the same key on each retry of the call.
    idempotency_header: Optional[str] = None
    # How the body goes on the wire: "json", "form" (x-www-form-urlencoded), "multipart", or
    # "raw" (the `body` argument's bytes or text as they are, with `content_type`).
    body_encoding: Literal["json", "form", "multipart", "raw"] = "json"
    # The body is the one `body` argument (a JSON array or primitive), not one argument per property.
    whole_body: bool = False
    # The Accept header of a response that is not JSON (binary, text, event stream); "" for JSON.
    accept: str = ""
    # A `text/event-stream` response: `returns` is the type of each event, the method returns
    # `Stream[returns]` (`AsyncStream` in the async client).
    streams: bool = False
    content_type: str = ""  # the Content-Type of a raw body
    # The credentials the operation accepts when they differ from the API's (`Security.default`):
    # alternatives, each the names of the schemes sent together; `()` sends none. None: the default.
    security: Optional[Tuple[SecurityRequirement, ...]] = None
    # A response that is `returns` or a stream of `event_type` events, as the boolean body
    # argument named `stream_flag` asks: the method has an overload for each.
    stream_flag: str = ""
    event_type: Optional[TypeRef] = None
    # The query a path key fixes (`/things?beta=true`), sent with every call.
    fixed_query: Tuple[Tuple[str, str], ...] = ()

    @property
    def stream_param(self) -> Optional[Param]:
        """The argument that switches the response to a stream, if the method has one."""
        return next((p for p in self.params if p.name == self.stream_flag), None) if self.stream_flag else None

    @property
    def path_params(self) -> Tuple[Param, ...]:
        return tuple(p for p in self.params if p.location == "path")

    @property
    def query_params(self) -> Tuple[Param, ...]:
        return tuple(p for p in self.params if p.location == "query")

    @property
    def header_params(self) -> Tuple[Param, ...]:
        return tuple(p for p in self.params if p.location == "header")

    @property
    def body_params(self) -> Tuple[Param, ...]:
        return tuple(p for p in self.params if p.location == "body")

    @property
    def cookie_params(self) -> Tuple[Param, ...]:
        return tuple(p for p in self.params if p.location == "cookie")

    @property
    def styled_query_params(self) -> Tuple[Param, ...]:
        """Query parameters that are arrays or objects, which the runtime spells per their style."""
        return tuple(p for p in self.query_params if p.style)


@dataclasses.dataclass(frozen=True)
class Resource:
    """A group of operations reached as an attribute of the client (`client.express.users`)."""

    attr: str
    path: Tuple[str, ...]  # attribute names from the client down to this resource
    class_name: str
    raw_class_name: str
    module: str  # dotted module defining the class, relative to the package
    package_module: str  # what `resources/__init__` or the parent imports from
    operations: Tuple[Operation, ...]
    children: Tuple["Resource", ...] = ()
    description: str = ""

    @property
    def async_class_name(self) -> str:
        return "Async" + self.class_name

    @property
    def async_raw_class_name(self) -> str:
        return "Async" + self.raw_class_name

    @property
    def streaming_class_name(self) -> str:
        return self.class_name + "WithStreamingResponse"

    @property
    def async_streaming_class_name(self) -> str:
        return "Async" + self.streaming_class_name

    @property
    def all_class_names(self) -> Tuple[str, ...]:
        """The classes of the resource's module: sync and async, plain, raw and streaming."""
        return (
            self.class_name,
            self.async_class_name,
            self.raw_class_name,
            self.async_raw_class_name,
            self.streaming_class_name,
            self.async_streaming_class_name,
        )

    def walk(self) -> Tuple["Resource", ...]:
        """This resource and every resource below it, depth first."""
        out: Tuple[Resource, ...] = (self,)
        for child in self.children:
            out += child.walk()
        return out


@dataclasses.dataclass(frozen=True)
class Sdk:
    """Names and defaults of the generated package."""

    package: str
    client_class: str
    error_class: str
    env_prefix: str
    base_url_env: str
    default_base_url: str
    version: str
    title: str
    description: str
    spec_name: str
    security: Security = Security()

    @property
    def async_client_class(self) -> str:
        return "Async" + self.client_class


@dataclasses.dataclass(frozen=True)
class Api:
    """Everything the templates need."""

    sdk: Sdk
    resources: Tuple[Resource, ...]
    models: Tuple[Model, ...]
    params_types: Tuple[ParamsType, ...]
    pages: Tuple[Pagination, ...]

    def all_resources(self) -> Tuple[Resource, ...]:
        out: Tuple[Resource, ...] = ()
        for resource in self.resources:
            out += resource.walk()
        return out


def digest(value: object) -> bytes:
    """SHA-256 of `value` pickled with every part spelled in full, however its parts are shared:
    equal values, equal digests (pickle's back-references would tell apart values that share
    parts differently)."""
    out = io.BytesIO()
    pickler = pickle.Pickler(out, protocol=5)
    pickler.fast = True  # no memo: a part met twice is written twice, not as a back-reference
    pickler.dump(value)
    return hashlib.sha256(out.getbuffer()).digest()
