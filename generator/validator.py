"""OpenAPI's rules, checked by openapi-spec-validator: `validate(doc, strict=...)`, one plain call.

Each finding is placed where it is written in the spec, with its full JSON pointer. The validator
reports a finding inside a schema relative to that schema, and one in a default relative to the
default; the checks it makes part by part (path items, operations, parameters, schemas) are given
here as subclasses that note which part each finding comes from, so that it can be placed even
when the validator reached that part through `$ref`s.

The validator also fails, on some inputs, with an exception of its own (a KeyError, a TypeError,
a RecursionError on a deeply nested schema). Such a failure is one warning naming the path item
or component schema it could not check, at that part's place; the other parts are still checked.
"""

from __future__ import annotations

import dataclasses
import functools
from pathlib import Path
from typing import Any, Iterator
from urllib.parse import unquote, urlsplit
from urllib.request import url2pathname

from .load import Document, Ref, value_at
from .problems import GenerationError, Location, Problem, Severity, pointer_join, pointer_split


def validate(doc: Document, *, strict: bool) -> list[Problem]:
    """What openapi-spec-validator finds in `doc`, each placed in the spec: errors when
    `strict`, else warnings (a spec that breaks a rule may still give a working SDK).

    A part the validator fails on is a warning either way, naming that part."""
    severity: Severity = "error" if strict else "warning"
    version = str(doc.root.get("openapi"))
    found: dict[Problem, None] = {}
    failed: set[Location] = set()  # the parts named already: both passes may fail on one
    for finding in _findings(doc):
        file, pointer = _placed(doc, finding.base, finding.path)
        if finding.failure is None:
            found.setdefault(Problem(severity, f"invalid OpenAPI {version}: {finding.message}", doc.location(file, pointer)))
            continue
        problem = _failure(doc, file, pointer, finding.failure)
        if problem.location not in failed:
            failed.add(problem.location)
            found.setdefault(problem)
    return list(found)


@dataclasses.dataclass(frozen=True)
class _Finding:
    """One finding, placed as the validator sees the spec: `base`, the tokens of the part it was
    checking (followed through `$ref`s), then `path`, the tokens within that part's value."""

    base: tuple[str, ...]
    path: tuple[str, ...]
    message: str = ""
    failure: BaseException | None = None  # the validator's own exception, when it failed


def _findings(doc: Document) -> Iterator[_Finding]:
    """The validator's findings: the document against OpenAPI's JSON Schema, then its own checks."""
    from jsonschema_path import SchemaPath
    from openapi_spec_validator.settings import OpenAPISpecValidatorSettings

    version = "3.0" if str(doc.root.get("openapi")).startswith("3.0") else "3.1"
    validator_class = _validator_classes()[0 if version == "3.0" else 1]
    yield from _schema_findings(_schema_validator(version), doc.root)

    def read(uri: str) -> Any:
        """A file the spec refers to, as `load` read it (the validator would read it again)."""
        return doc.files[Path(url2pathname(unquote(urlsplit(uri).path))).resolve()].data

    spec = SchemaPath.from_dict(
        doc.root,
        base_uri=doc.root_path.as_uri(),
        handlers={"file": read},
        resolved_cache_maxsize=OpenAPISpecValidatorSettings().resolved_cache_maxsize,
    )
    try:
        for error in validator_class(spec).root_validator(spec):
            yield _finding(error)
    except Exception as exc:  # failed outside any part (see `_guarded`)
        yield _Finding((), (), failure=exc)


def _finding(error: Any) -> _Finding:
    if isinstance(error, _Failed):
        return _Finding(error.base, (), failure=error.exception)
    base, prefix = getattr(error, _PLACE, ((), ()))
    message = " ".join(str(error.message).split())
    if len(message) > 300:
        message = message[:297] + "..."
    return _Finding(base, (*prefix, *(str(token) for token in error.absolute_path)), message)


@functools.lru_cache(maxsize=None)
def _schema_validator(version: str) -> Any:
    """The JSON Schema validator of OpenAPI `version`'s own schema, as openapi-spec-validator
    makes it, but with every schema it refers to looked at once, up front.

    Else the references to the schema dialect (`$dynamicRef` in 3.1) look at them all again,
    from scratch, for every schema in the spec: a 3.1 document took six times as long. Always
    the `jsonschema` package, so that the findings are the same on every machine.
    """
    from jsonschema.validators import validator_for  # type: ignore[import-untyped]
    from jsonschema_specifications import REGISTRY  # type: ignore[import-untyped]
    from openapi_spec_validator.schemas import schema_v30, schema_v31
    from referencing.jsonschema import specification_with

    schema = dict(schema_v30 if version == "3.0" else schema_v31)
    resource = specification_with(schema["$schema"]).create_resource(schema)
    uri = resource.id() or ""
    registry = REGISTRY.with_resource(uri, resource).crawl()
    return validator_for(schema)(schema, _resolver=registry.resolver(base_uri=uri))


def _schema_findings(schema_validator: Any, root: dict[str, Any]) -> list[_Finding]:
    """The document checked against OpenAPI's JSON Schema.

    When the check fails (a RecursionError on a very deep schema), the parts it fails on are
    found by checking the document again with half of its path items and component schemas at
    a time, down to single parts.
    """

    def check(document: dict[str, Any]) -> list[_Finding]:
        return [_finding(error) for error in schema_validator.iter_errors(document)]

    try:
        return check(root)
    except Exception as exc:
        parts = _parts(root)
        try:
            rest = None if parts is None else check(_with_only(root, []))
        except Exception:
            rest = None
        if parts is None or rest is None:
            return [_Finding((), (), failure=exc)]
        return rest + _halved(check, root, parts, exc)


def _halved(check: Any, root: dict[str, Any], parts: list[tuple[str, ...]], failure: BaseException) -> list[_Finding]:
    """The findings of `parts` (a check of them all failed with `failure`), checked half at a time."""
    if len(parts) == 1:
        return [_Finding(parts[0], (), failure=failure)]
    found: list[_Finding] = []
    for half in (parts[: len(parts) // 2], parts[len(parts) // 2 :]):
        try:
            found.extend(check(_with_only(root, half)))
        except Exception as exc:
            found.extend(_halved(check, root, half, exc))
    return found


def _parts(root: dict[str, Any]) -> list[tuple[str, ...]] | None:
    """The path items and component schemas of `root`, or None when they are not mappings."""
    paths = root.get("paths", {})
    components = root.get("components", {})
    schemas = components.get("schemas", {}) if isinstance(components, dict) else None
    if not isinstance(paths, dict) or not isinstance(schemas, dict):
        return None
    return [("paths", key) for key in paths] + [("components", "schemas", key) for key in schemas]


def _with_only(root: dict[str, Any], parts: list[tuple[str, ...]]) -> dict[str, Any]:
    """`root` with only the path items and component schemas in `parts`."""
    keep = set(parts)
    document = {**root, "paths": {k: v for k, v in root.get("paths", {}).items() if ("paths", k) in keep}}
    if isinstance(root.get("components"), dict):
        schemas = root["components"].get("schemas", {})
        document["components"] = {**root["components"], "schemas": {k: v for k, v in schemas.items() if ("components", "schemas", k) in keep}}
    return document


def _placed(doc: Document, base: tuple[str, ...], path: tuple[str, ...]) -> tuple[Path, str]:
    """The file and pointer of a finding: `base` followed through `$ref`s as the validator does,
    then `path` within that value as it is written."""
    ref = Ref(doc.root_path, "", doc.root)
    for index, token in enumerate((*base, *path)):
        try:
            if index <= len(base):
                ref = doc.resolve(ref)
            ref = Ref(ref.file, pointer_join(ref.pointer, token), value_at(ref.value, [token]))
        except (KeyError, GenerationError):
            return ref.file, pointer_join(ref.pointer, *(*base, *path)[index:])
    if base and not path:
        try:
            ref = doc.resolve(ref)
        except GenerationError:
            pass
    return ref.file, ref.pointer


def _failure(doc: Document, file: Path, pointer: str, exception: BaseException) -> Problem:
    """The warning for a part the validator failed on: the path item or component schema that
    holds `pointer`, at its place."""
    tokens = pointer_split(pointer)
    if file != doc.root_path:
        part = tokens[:1]
        what = f"the part {doc.location(file, '').file}#{pointer_join('', *part)}"
    elif tokens[:1] == ["paths"] and len(tokens) > 1:
        part, what = tokens[:2], f"the path item {tokens[1]!r}"
    elif tokens[:2] == ["components", "schemas"] and len(tokens) > 2:
        part, what = tokens[:3], f"the component schema {tokens[2]!r}"
    else:
        part, what = tokens[:1], repr(tokens[0]) if tokens else "the document"
    reason = " ".join(str(exception).split())[:200]
    reason = f"{type(exception).__name__}: {reason}" if reason else type(exception).__name__
    message = f"the OpenAPI validator failed on {what} ({reason}), so it is not checked"
    return Problem("warning", message, doc.location(file, pointer_join("", *part)))


# -- the validator's own checks, each finding marked with the part it comes from -------------------

# Where a finding of a check comes from: (the part's tokens, tokens before the finding's own path).
_PLACE = "_sdkgen_place"


@dataclasses.dataclass
class _Failed:
    """Yielded in place of findings for a part the validator failed on."""

    base: tuple[str, ...]
    exception: BaseException


def _placing(base_class: type[Any]) -> type[Any]:
    """`base_class`, a check of the validator, whose findings carry the part they come from: its
    first `SchemaPath` argument (a default is checked with its schema, and lies under it)."""
    from jsonschema_path import SchemaPath
    from openapi_spec_validator.validation.keywords import ValueValidator

    prefix = ("default",) if issubclass(base_class, ValueValidator) else ()

    class Placing(base_class):  # type: ignore[misc]
        def __call__(self, *args: Any, **kwargs: Any) -> Iterator[Any]:
            part = next((arg for arg in args if isinstance(arg, SchemaPath)), None)
            place = (_tokens(part), prefix) if part is not None else ((), ())
            try:
                for error in super().__call__(*args, **kwargs):
                    if not isinstance(error, _Failed) and not hasattr(error, _PLACE):
                        setattr(error, _PLACE, place)
                    yield error
            except Exception as exc:
                if not hasattr(exc, _PLACE):  # the innermost part, where it failed
                    setattr(exc, _PLACE, place[0])
                raise

    Placing.__name__ = Placing.__qualname__ = base_class.__name__
    return Placing


def _tokens(part: Any) -> tuple[str, ...]:
    """The reference tokens of a `SchemaPath` (list indexes are ints there)."""
    return tuple(str(token) for token in part.parts)


def _guarded(errors: Iterator[Any], part: Any) -> Iterator[Any]:
    """The findings of one part; when the validator fails on it, a `_Failed` for the innermost
    part it was checking, and the other parts are still checked."""
    try:
        yield from errors
    except Exception as exc:
        yield _Failed(getattr(exc, _PLACE, None) or _tokens(part), exc)


def _validator_classes() -> tuple[type[Any], type[Any]]:
    """The OpenAPI 3.0 and 3.1 validators, with placed findings and each part checked on its own."""
    global _VALIDATORS
    if _VALIDATORS is None:
        from openapi_spec_validator import OpenAPIV30SpecValidator, OpenAPIV31SpecValidator
        from openapi_spec_validator.validation import keywords

        class Root(keywords.RootValidator):
            def __call__(self, spec: Any) -> Iterator[Any]:
                for section in ("tags", "paths", "components"):
                    if section in spec and section in self.registry.keyword_validators:
                        check: Any = self.registry[section]
                        yield from _guarded(check(spec / section), spec / section)

        class Paths(keywords.PathsValidator):
            def __call__(self, paths: Any) -> Iterator[Any]:
                for url, item in paths.items():
                    yield from _guarded(self.path_validator(url, item), item)

        class Schemas(keywords.SchemasValidator):
            def __call__(self, schemas: Any) -> Iterator[Any]:
                for _name, schema in schemas.items():
                    yield from _guarded(self.schema_validator(schema), schema)

        own = {"__root__": Root, "paths": Paths, "schemas": Schemas}
        _VALIDATORS = tuple(  # type: ignore[assignment]
            type(
                base.__name__,
                (base,),
                {"keyword_validators": {name: _placing(own.get(name, check)) for name, check in base.keyword_validators.items()}},
            )
            for base in (OpenAPIV30SpecValidator, OpenAPIV31SpecValidator)
        )
    assert _VALIDATORS is not None
    return _VALIDATORS


_VALIDATORS: tuple[type[Any], type[Any]] | None = None
