"""The one place that turns spec names into Python identifiers.

Every function is deterministic and total: any string gives a valid identifier. Names that clash
are told apart by a numeric suffix (`Name`, `Name2`, ...) in the order they are allocated, and
allocation order is always a sorted or spec order chosen by the caller.
"""

from __future__ import annotations

import functools
import hashlib
import keyword
import re
import sys
import unicodedata

# Names a generated attribute, parameter or method must not take: Python keywords, and the names
# the runtime gives to every method or model (they would shadow the SDK's own arguments).
# The soft keywords are spelled out rather than read from `keyword.softkwlist`, which grows with
# Python versions (`type` in 3.12): the output must not depend on the generator's Python.
_RESERVED = frozenset(keyword.kwlist) | {"_", "case", "match", "self", "cls"}
# Names a method body of a generated resource reads besides its arguments: an argument of that
# name would hide them. The body spells the type it parses a response into (`cast_to=List[str]`,
# `cast(Type[Union[int, date]], ...)`), so the builtin and datetime types are among them; the
# typing names and classes are capitalised, which no argument is.
RESERVED_PARAMS = frozenset(
    {"extra_headers", "extra_query", "extra_body", "timeout", "warnings", "build_path", "make_request_options", "cast", "httpx"}
    | {"str", "int", "float", "bool", "object", "datetime", "date"}
)
# Lower-case names that generated modules import or use in annotations. Annotations and defaults
# in a class body are looked up in the class first, so a method or field of one of these names
# would hide the type (`date: Optional[date]` breaks pydantic, `def str(self)` breaks `-> str`).
_MODULE_NAMES = frozenset(
    {"str", "int", "float", "bool", "bytes", "object", "date", "datetime", "cached_property", "httpx", "warnings",
     "cast", "omit", "not_given", "build_path", "make_request_options", "to_raw_response_wrapper", "async_to_raw_response_wrapper",
     "to_streamed_response_wrapper", "async_to_streamed_response_wrapper"}
)
# pydantic BaseModel attributes a field name must not shadow.
RESERVED_FIELDS = frozenset(
    {"copy", "dict", "json", "schema", "schema_json", "construct", "validate", "parse_obj", "parse_raw", "fields"}
) | _MODULE_NAMES
# Attributes of every resource class and its raw/streaming twins: a method or sub-resource of
# that name would replace them.
RESOURCE_ATTRS = frozenset({"with_raw_response", "with_streaming_response"}) | _MODULE_NAMES
# Public attributes of the generated client (`_client.py.jinja`, `_base_client.py.jinja`); a
# top-level resource of that name would replace them. tests/test_names_*.py checks the list
# against the generated client.
CLIENT_ATTRS = frozenset(
    {"api_key", "base_url", "timeout", "max_retries", "copy", "with_options", "with_raw_response", "with_streaming_response",
     "close", "is_closed", "auth_headers", "default_headers", "default_query", "request"}
) | _MODULE_NAMES
# Names a generated class must not take: what generated modules import from typing, pydantic and
# the runtime (a class `List` would hide `typing.List` in its own module). The build's class
# allocator starts with them taken, so a schema `List` becomes `List2`.
RESERVED_CLASSES = frozenset(
    {"Any", "Annotated", "AsyncAPIResource", "AsyncPaginator", "BaseModel", "Body", "ClassVar", "CursorPageSpec", "Dict",
     "FieldInfo", "FrozenSet", "Generic", "Headers", "List", "Literal", "Mapping", "NotGiven", "Omit", "Optional",
     "PropertyInfo", "Query", "Required", "Self", "SyncAPIResource", "TYPE_CHECKING", "Tuple", "Type", "TypeVar", "TypedDict",
     "Union", "BaseSyncPage", "BaseAsyncPage"}
)
# Names that the `types` package's `__init__` uses itself. A module of the same name must not be
# made: the package's own `from .str import Str` would bind `str` to that module there.
TYPES_PACKAGE_NAMES = frozenset({"frozenset", "globals", "lazy_module", "str"})

# Package names that would hide a module the SDK or its users import: the standard library (also
# the modules Python 3.12 and 3.13 removed, which the package's Python 3.9+ users may still have),
# and the SDK's dependencies with theirs. tests/test_names_reserved.py checks the list against
# what the generated package imports.
RESERVED_PACKAGES = (
    frozenset(sys.stdlib_module_names)
    | {"aifc", "asynchat", "asyncore", "audioop", "cgi", "cgitb", "chunk", "crypt", "distutils", "imghdr", "imp", "lib2to3",
       "mailcap", "msilib", "nis", "nntplib", "ossaudiodev", "pipes", "smtpd", "sndhdr", "spwd", "sunau", "telnetlib", "uu",
       "xdrlib"}
    | {"httpx", "httpcore", "h11", "anyio", "sniffio", "idna", "certifi", "pydantic", "pydantic_core", "typing_extensions",
       "annotated_types", "typing_inspection"}
)
# What the modules that hold the client's classes (`__init__.py`, `_client.py`, `_exceptions.py`)
# define or import at top level: a client class named so (`APIError`, `Dict`, `httpx`) would
# replace it there. tests/test_names_reserved.py checks the list against the generated package.
RESERVED_CLIENT_NAMES = frozenset(
    {"APIConnectionError", "APIError", "APIResponse", "APIResponseValidationError", "APIStatusError", "APITimeoutError",
     "AsyncAPIClient", "AsyncAPIResponse", "AsyncStream", "AuthenticationError", "BadRequestError", "ClientAuth", "ConflictError", "Credential", "DEFAULT_MAX_RETRIES",
     "DEFAULT_TIMEOUT", "Dict", "InternalServerError", "Iterable", "Mapping", "NotFoundError", "NotGiven", "Omit", "Optional",
     "PermissionDeniedError", "RateLimitError", "Scheme", "Self", "Stream", "SyncAPIClient", "TYPE_CHECKING", "Type", "Union",
     "UnprocessableEntityError", "_AUTH", "_BASE_URL_ENV", "_DEFAULT_BASE_URL", "_ERRORS_BY_STATUS", "_LAZY_ATTRIBUTES",
     "_LAZY_SUBMODULES", "__all__", "__dir__", "__getattr__", "__version__",
     "_resolve_base_url", "annotations", "cached_property", "httpx", "json", "lazy_module", "make_status_error", "not_given",
     "omit", "os", "pagination", "redact", "resources", "types"}
)


def package_reserved(package: str) -> str | None:
    """Why `package` cannot name the generated package, or None when it can."""
    if package in RESERVED_PACKAGES:
        return f"would hide the module {package} that the SDK or its users import"
    return None


def client_reserved(client: str) -> str | None:
    """Why `client` cannot name the client class, or None when it can."""
    for name in client_classes(client):
        if name in RESERVED_CLIENT_NAMES:
            made = "is" if name == client else f"would make the class {name},"
            return f"{made} a name the generated package uses itself"
    return None


def default_package(spec_stem: str) -> str:
    """The package name made from the spec's file name: `snake` of it, with `_sdk` after a
    name that would hide a module (`json.yaml` → `json_sdk`)."""
    name = snake(spec_stem)
    return name + "_sdk" if package_reserved(name) else name


def default_client(package: str) -> str:
    """The client class name made from the package name: `pascal` of it, with `Client` after a
    name the generated package uses itself (`dict` → `DictClient`)."""
    name = pascal(package)
    return name + "Client" if client_reserved(name) else name


def client_classes(client: str) -> tuple[str, ...]:
    """The classes the generated package names after its client class `client`: the clients,
    their raw and streaming twins, and the root of its errors."""
    return (
        client,
        f"Async{client}",
        f"{client}WithRawResponse",
        f"Async{client}WithRawResponse",
        f"{client}WithStreamedResponse",
        f"Async{client}WithStreamedResponse",
        f"{client}Error",
    )


_DIGITS = ("zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine")
_WORD = re.compile(r"[A-Z]+(?=[A-Z][a-z0-9])|[A-Z]?[a-z]+|[A-Z]+|[0-9]+")
# A comparison at the end of a parameter name (`DateCreated<`, `DateCreated>=`) is meaning, not
# punctuation: it becomes a word, so that `DateCreated`, `DateCreated<` and `DateCreated>` stay
# apart. A `>` that closes a `<` (`Map<String>`) is punctuation.
_OPERATOR = re.compile(r"(<=|>=|!=|<|>)\s*$")
_OPERATOR_WORDS = {"<=": "lte", ">=": "gte", "!=": "ne", "<": "lt", ">": "gt"}
# Letters NFKD does not decompose into ASCII.
_LETTERS = {"ß": "ss", "æ": "ae", "Æ": "Ae", "ø": "o", "Ø": "O", "œ": "oe", "Œ": "Oe", "đ": "d", "Đ": "D", "ł": "l", "Ł": "L", "þ": "th", "Þ": "Th", "ı": "i"}


def words(text: str) -> list[str]:
    """The words of a name in any case style: `expressCustomerId` → express, Customer, Id.

    Accents are dropped and a few letters spelled out (`Straße` → Strasse); any other non-ASCII
    letter or digit is a word of its own, `u` and its code point (`名前` → u540d, u524d).
    """
    return list(_words(text))


@functools.lru_cache(maxsize=1 << 16)
def _words(text: str) -> tuple[str, ...]:
    # Memoized: a large spec asks for the words of the same names many times.
    operator = _OPERATOR.search(text)
    if operator and not (operator[1] == ">" and "<" in text[: operator.start()]):
        text = f"{text[: operator.start()]} {_OPERATOR_WORDS[operator[1]]}"
    found: list[str] = []
    ascii_run: list[str] = []
    for char in unicodedata.normalize("NFKD", text):
        if char.isascii():
            ascii_run.append(char)
        elif char in _LETTERS:
            ascii_run.append(_LETTERS[char])
        elif unicodedata.combining(char):
            continue  # an accent, split off its letter by NFKD
        else:
            found.extend(_WORD.findall("".join(ascii_run)))
            ascii_run = []
            if char.isalnum():
                found.append(f"u{ord(char):x}")
    found.extend(_WORD.findall("".join(ascii_run)))
    if found and found[0].isdigit():
        # An identifier cannot start with a digit, and a leading `_` would make it private
        # (pyright strict rejects using `client._3d` from the SDK's own wrappers).
        found[:1] = [_DIGITS[int(d)] for d in found[0]]
    return tuple(found)


@functools.lru_cache(maxsize=1 << 16)
def snake(text: str) -> str:
    """`expressCustomerId` → `express_customer_id`; always a valid identifier, never reserved."""
    name = "_".join(w.lower() for w in words(text)) or "unnamed"
    return _safe(name)


@functools.lru_cache(maxsize=1 << 16)
def pascal(text: str) -> str:
    """`express_customers` → `ExpressCustomers`; keeps inner capitals (`APIKey` → `APIKey`)."""
    name = "".join(w[:1].upper() + w[1:] for w in words(text)) or "Unnamed"
    return _safe(name)


# File systems take names of 255 bytes at most; a module name is kept well below, with room for
# `.py`, a `2` that makes it unique, and deep folders.
_MODULE_LENGTH = 64


def shorten(name: str) -> str:
    """A module name no longer than `_MODULE_LENGTH`: a long one is cut, and a hash of the whole
    keeps it apart from others that start alike (`..._1a2b3c4d`)."""
    if len(name) <= _MODULE_LENGTH:
        return name
    return f"{name[: _MODULE_LENGTH - 9]}_{hashlib.blake2b(name.encode(), digest_size=4).hexdigest()}"


@functools.lru_cache(maxsize=1 << 16)
def module(text: str) -> str:
    """The name of a module for `text`: `snake`, shortened to a file name every system takes."""
    return shorten(snake(text))


def _safe(name: str) -> str:
    if name[0].isdigit():
        name = "_" + name
    if name in _RESERVED:
        name += "_"
    return name


def member(name: str, reserved: frozenset[str]) -> str:
    """`name` with `_` appended while it is one of `reserved` (`copy` → `copy_`)."""
    while name in reserved:
        name += "_"
    return name


def method_name(text: str) -> str:
    """The name of an SDK method or sub-resource: snake case, never a resource attribute."""
    return member(snake(text), RESOURCE_ATTRS)


def method_name_of_words(parts: list[str]) -> str:
    """A method name made of these words (as `words` gives them), joined as they are."""
    name = "_".join(w.lower() for w in parts if w) or "unnamed"
    return member(_safe(name), RESOURCE_ATTRS)


def resource_name(text: str, *, top_level: bool) -> str:
    """The attribute of a resource: on the client (`top_level`), never one of the client's own."""
    return member(snake(text), CLIENT_ATTRS if top_level else RESOURCE_ATTRS)


def singular(word: str) -> str:
    """A conservative English singular for resource names (`users` → `user`, `express` stays)."""
    lower = word.lower()
    if lower.endswith("ies") and len(word) > 3:
        return word[:-3] + ("Y" if word[-1].isupper() else "y")
    if lower.endswith(("sses", "shes", "ches", "xes")):
        return word[:-2]
    if lower.endswith("s") and not lower.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


@functools.lru_cache(maxsize=1 << 16)
def field_name(wire_name: str) -> str:
    """The attribute name of a model field or TypedDict key for a wire property name.

    pydantic rejects field names with a leading underscore: a leading digit is spelled out
    (`1st` → `one_st`), and a name with no letters at all is `field`.
    """
    name = snake(wire_name).lstrip("_") or "field"
    if name[0].isdigit():
        name = "field_" + name
    if name in RESERVED_FIELDS or name.startswith("model_") or keyword.iskeyword(name):
        name += "_"
    return name


class Allocator:
    """Hands out unique names within one scope: the first `Name`, then `Name2`, `Name3`, ...

    `casefold=True` treats names differing only in case as clashing (module file names on
    case-insensitive file systems).
    """

    def __init__(self, taken: frozenset[str] | set[str] = frozenset(), *, casefold: bool = False) -> None:
        self._casefold = casefold
        self._taken = {self._key(n) for n in taken}

    def _key(self, name: str) -> str:
        return name.casefold() if self._casefold else name

    def __contains__(self, name: str) -> bool:
        """Whether `name` is taken."""
        return self._key(name) in self._taken

    def claim(self, name: str) -> str:
        """`name` if free, else the first free `name2`, `name3`, ...; the result becomes taken."""
        candidate, n = name, 1
        while self._key(candidate) in self._taken:
            n += 1
            candidate = f"{name}{n}"
        self._taken.add(self._key(candidate))
        return candidate
