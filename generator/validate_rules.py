"""`sdkgen validate`: every problem of a spec in one run, errors and warnings, each with its location.

Problems come from four places, in this order: parsing (YAML/JSON syntax stops everything else),
`$ref` resolution, the OpenAPI schema (openapi-spec-validator), and building the SDK (what the
generator cannot turn into code). On top of those, small named rules warn about schema keywords
the generator reads past, so nobody is surprised that they have no effect on the SDK.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Callable, Iterator

from .config import Config
from .load import Document, load
from .builder.report import build_reporting_all
from .problems import GenerationError, Problem, errors_in, pointer_join, sorted_problems
from .validator import validate

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
                if keyword == "discriminator" and ("oneOf" in schema or "anyOf" in schema):
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


def validate_spec(config: Config, *, cwd: Path | None = None, strict: bool = False) -> list[Problem]:
    """All problems of the spec of `config`, sorted by place; never raises for bad input.

    What the OpenAPI validator finds is a warning unless `strict`.
    """
    try:
        doc = load(config.spec, display_base=cwd or Path.cwd())
    except GenerationError as exc:
        return list(exc.problems)
    problems: list[Problem] = []
    for rule in RULES:
        problems.extend(rule(doc))
    doc.problems.extend(validate(doc, strict=strict))  # the build reports them with its own
    try:
        _api, ctx = build_reporting_all(doc, config)
        problems.extend(ctx.problems)
    except GenerationError as exc:
        problems.extend(exc.problems)
    return sorted_problems(problems)


__all__ = ["RULES", "validate_spec", "errors_in"]
