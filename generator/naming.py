"""The one place that turns spec names into Python identifiers.

Every function is deterministic and total: any string gives a valid identifier. Names that clash
are told apart by a numeric suffix (`Name`, `Name2`, ...) in the order they are allocated, and
allocation order is always a sorted or spec order chosen by the caller.
"""

from __future__ import annotations

import keyword
import re
import unicodedata

# Names a generated attribute, parameter or method must not take: Python keywords, and the names
# the runtime gives to every method or model (they would shadow the SDK's own arguments).
_RESERVED = frozenset(keyword.kwlist) | frozenset(keyword.softkwlist) | {"self", "cls"}
RESERVED_PARAMS = frozenset({"extra_headers", "extra_query", "extra_body", "timeout"})
# pydantic BaseModel attributes a field name must not shadow.
RESERVED_FIELDS = frozenset(
    {"copy", "dict", "json", "schema", "schema_json", "construct", "validate", "parse_obj", "parse_raw", "fields"}
)

_WORD = re.compile(r"[A-Z]+(?=[A-Z][a-z0-9])|[A-Z]?[a-z]+|[A-Z]+|[0-9]+")


def _ascii_words(text: str) -> list[str]:
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return _WORD.findall(folded)


def words(text: str) -> list[str]:
    """The words of a name in any case style: `expressCustomerId` → express, Customer, Id."""
    found = _ascii_words(text)
    if not found and text:
        # A name with no ASCII letters or digits at all still needs a stable identifier.
        found = ["x" + "".join(f"{ord(c):x}" for c in text)[:24]]
    return found


def snake(text: str) -> str:
    """`expressCustomerId` → `express_customer_id`; always a valid identifier, never reserved."""
    name = "_".join(w.lower() for w in words(text)) or "_"
    return _safe(name)


def pascal(text: str) -> str:
    """`express_customers` → `ExpressCustomers`; keeps inner capitals (`APIKey` → `APIKey`)."""
    name = "".join(w[:1].upper() + w[1:] for w in words(text)) or "_"
    return _safe(name)


def _safe(name: str) -> str:
    if name[0].isdigit():
        name = "_" + name
    if name in _RESERVED:
        name += "_"
    return name


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


def method_name(text: str) -> str:
    """A public method name from an operationId or path segment in any case style.

    `listPets`, `ListPets`, `list_pets`, `list-pets` and `List pets` all give `list_pets`; a name
    never starts with an underscore (`2fa-verify` → `op_2fa_verify`), which would make it private.
    """
    name = snake(text).lstrip("_") or "call"
    if name[0].isdigit():
        name = "op_" + name
    return _safe(name)


def field_name(wire_name: str) -> str:
    """The attribute name of a model field or TypedDict key for a wire property name.

    pydantic rejects field names with a leading underscore, so a name that starts with a digit
    gets a letter in front instead (`1st` → `field_1_st`).
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

    def claim(self, name: str) -> str:
        """`name` if free, else the first free `name2`, `name3`, ...; the result becomes taken."""
        candidate, n = name, 1
        while self._key(candidate) in self._taken:
            n += 1
            candidate = f"{name}{n}"
        self._taken.add(self._key(candidate))
        return candidate
