"""Small named rules `sdkgen validate` runs besides the OpenAPI validator and the build: they
warn about schema keywords the generator reads past, so nobody is surprised that they have no
effect on the SDK. (`engine.Run.validate` runs them with the rest.)
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Callable, Iterator

from .load import Document
from .problems import Problem, pointer_join

# Schema keywords that change what a value may be, which the generated types do not express.
IGNORED_SCHEMA_KEYWORDS = {
    "discriminator": "an inline schema's discriminator needs a oneOf/anyOf or a mapping",
    "not": "`not` is not expressed in the types",
    "if": "conditional schemas (if/then/else) are not expressed in the types",
    "patternProperties": "patternProperties are not expressed in the types",
    "prefixItems": "tuple items (prefixItems) are read as a plain list",
    "unevaluatedProperties": "unevaluatedProperties is not expressed in the types",
    "dependentSchemas": "dependentSchemas is not expressed in the types",
}

Rule = Callable[[Document], Iterator[Problem]]


def _schemas(value: Any, pointer: str) -> Iterator[tuple[dict[str, Any], str]]:
    """Every mapping below `value` that sits where a schema is (under a `schema` or components)."""
    stack = [(value, pointer, False)]
    while stack:
        current, here, is_schema = stack.pop()
        if isinstance(current, dict):
            if is_schema:
                yield current, here
            for key, item in current.items():
                child_is_schema = key == "schema" or (is_schema and key in _SUBSCHEMA_KEYS) or here == "/components/schemas"
                if is_schema and key in ("properties", "patternProperties", "$defs", "definitions", "dependentSchemas"):
                    for name, sub in (item.items() if isinstance(item, dict) else ()):
                        stack.append((sub, pointer_join(here, key, name), True))
                    continue
                stack.append((item, pointer_join(here, key), child_is_schema))
        elif isinstance(current, list):
            for index, item in enumerate(current):
                stack.append((item, pointer_join(here, index), is_schema))


_SUBSCHEMA_KEYS = {"items", "additionalProperties", "allOf", "anyOf", "oneOf", "not", "if", "then", "else", "prefixItems", "contains"}


def ignored_keywords(doc: Document) -> Iterator[Problem]:
    """Rule: warn once per schema for each keyword the generator ignores."""
    for file, source in doc.files.items():
        for schema, pointer in _schemas(source.data, ""):
            for keyword, why in IGNORED_SCHEMA_KEYWORDS.items():
                if keyword == "discriminator" and "discriminator" in schema and ("oneOf" in schema or "anyOf" in schema):
                    problem = _unusable_discriminator(doc, file, schema, pointer)
                    if problem is not None:
                        yield problem
                elif keyword == "discriminator" and (pointer.count("/") == 3 and pointer.startswith("/components/schemas/") or _has_mapping(schema)):
                    continue  # a base schema: its subtypes are the mapping, or the schemas extending it
                elif keyword in schema:
                    location = doc.location(file, pointer_join(pointer, keyword))
                    yield Problem("warning", f"`{keyword}` is ignored: {why}", location)


def _has_mapping(schema: dict[str, Any]) -> bool:
    return isinstance(schema.get("discriminator"), dict) and isinstance(schema["discriminator"].get("mapping"), dict)


def _unusable_discriminator(doc: Document, file: Path, schema: dict[str, Any], pointer: str) -> Problem | None:
    """A union member written inline as a non-object cannot carry a tag (the build says the same)."""
    members = schema.get("oneOf") if "oneOf" in schema else schema.get("anyOf")
    for index, member in enumerate(members if isinstance(members, list) else []):
        kind = member.get("type") if isinstance(member, dict) and "$ref" not in member else None
        if kind is not None and kind not in ("object", "null") and not (isinstance(kind, list) and "object" in kind):
            message = f"`discriminator` is ignored: member {index} of the union is not an object"
            return Problem("warning", message, doc.location(file, pointer_join(pointer, "discriminator")))
    return None


RULES: tuple[Rule, ...] = (ignored_keywords,)
