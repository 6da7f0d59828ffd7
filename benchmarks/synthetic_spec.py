"""A large, deterministic OpenAPI 3.1 document for generation benchmarks (written, never committed).

    .venv/bin/python benchmarks/synthetic_spec.py OUT.yaml [--resources 100] [--seed 7]

Each resource has 10 operations (list, create, retrieve, update, delete and five actions) and
38 component schemas (the resource, create/update bodies, nested objects, enums, arrays, nullable
fields and refs between them): 100 resources give 1,000 operations and 3,800 schemas.

Every construct the generator handles appears, rotating over the resources: the list operations
use each pagination style in turn (cursor, last item's id, offset, page number, next URL, Link
header; detected or declared by x-pagination, x-speakeasy-pagination, x-fern-pagination); there
are discriminated unions with and without a mapping, allOf, recursive and mutually recursive
schemas, maps and models that keep extra keys, enums whose values collide as identifiers, header,
cookie and styled array parameters, form and multipart bodies with files, binary, text, 204 and
event-stream responses, operations without an operationId, and names no one chose for Python.
"""

from __future__ import annotations

import argparse
import json
import random
from pathlib import Path
from typing import Any

WORDS = (
    "alpha bravo cedar delta ember falcon garnet harbor indigo juniper kestrel lumen maple nectar onyx "
    "prism quartz raven sierra tundra umber velvet willow xenon yarrow zephyr amber basalt cobalt dune"
).split()
ACTIONS = ("archive", "restore", "approve", "reject", "publish")


def _pascal(name: str) -> str:
    return "".join(part.capitalize() for part in name.split("_"))


def _camel(name: str) -> str:
    first, *rest = name.split("_")
    return first + "".join(part.capitalize() for part in rest)


def _resource_schemas(rng: random.Random, res: str) -> dict[str, Any]:
    p = _pascal(res)
    schemas: dict[str, Any] = {}
    status_values = sorted(rng.sample(["active", "pending", "disabled", "archived", "draft", "review"], 4))
    schemas[f"{p}Status"] = {"type": "string", "enum": status_values, "description": f"State of a {res}."}
    for i in range(20):
        name = f"{p}Detail{i}"
        props: dict[str, Any] = {
            "id": {"type": "string"},
            "label": {"type": ["string", "null"], "description": f"Label {i} of the {res}."},
            "count": {"type": "integer"},
            "ratio": {"type": "number"},
            "enabled": {"type": "boolean"},
            "tags": {"type": "array", "items": {"type": "string"}},
        }
        if i > 0:
            props["parent"] = {"$ref": f"#/components/schemas/{p}Detail{i - 1}"}
        if i % 3 == 0:
            props["status"] = {"$ref": f"#/components/schemas/{p}Status"}
        if i % 4 == 0:
            props["createdAt"] = {"type": "string", "format": "date-time"}
        schemas[name] = {"type": "object", "required": ["id", "count"], "properties": props}
    for i in range(5):
        schemas[f"{p}Kind{i}"] = {"type": "string", "enum": [f"{w}_{i}" for w in sorted(rng.sample(WORDS, 3))]}
    schemas[p] = {
        "type": "object",
        "description": f"A {res}.",
        "required": ["id", "name", "status", "createdAt"],
        "properties": {
            "id": {"type": "string", "description": f"Identifier of the {res}."},
            "name": {"type": "string"},
            "status": {"$ref": f"#/components/schemas/{p}Status"},
            "kind": {"$ref": f"#/components/schemas/{p}Kind0"},
            "createdAt": {"type": "string", "format": "date-time"},
            "notes": {"type": ["string", "null"]},
            "detail": {"$ref": f"#/components/schemas/{p}Detail{rng.randrange(20)}"},
            "details": {"type": "array", "items": {"$ref": f"#/components/schemas/{p}Detail{rng.randrange(20)}"}},
            "metadata": {"type": "object", "additionalProperties": {"type": "string"}},
            "shape": _ref(f"{p}Shape"),
            "tree": _ref(f"{p}Node"),
            "extra": _ref(f"{p}Open"),
            "merged": _ref(f"{p}Merged"),
            "zone": _ref(f"{p}Zone"),
            "class": {"type": "string", "description": "A property named like a keyword."},
            "2fa-enabled": {"type": "boolean"},
            "naïve.value": {"type": ["number", "null"], "minimum": 0, "maximum": 1, "default": 0.5},
        },
    }
    schemas[f"{p}CreateRequest"] = {
        "type": "object",
        "required": ["name"],
        "properties": {
            "name": {"type": "string", "description": f"Name of the new {res}."},
            "kind": {"$ref": f"#/components/schemas/{p}Kind1"},
            "notes": {"type": ["string", "null"]},
            "tags": {"type": "array", "items": {"type": "string"}},
        },
    }
    schemas[f"{p}UpdateRequest"] = {
        "type": "object",
        "properties": {
            "name": {"type": "string"},
            "status": {"$ref": f"#/components/schemas/{p}Status"},
            "notes": {"type": ["string", "null"]},
        },
    }
    schemas.update(_construct_schemas(res))
    schemas[f"{p}List"] = {
        "type": "object",
        "required": ["data", "hasMore"],
        "properties": {
            "data": {"type": "array", "items": {"$ref": f"#/components/schemas/{p}"}},
            "hasMore": {"type": "boolean"},
            "cursor": {"type": ["string", "null"]},
        },
    }
    return schemas


def _construct_schemas(res: str) -> dict[str, Any]:
    """Six schemas of one resource that exercise composition, recursion, open models and odd enums."""
    p = _pascal(res)
    index = WORDS.index(res.split("_")[0])
    circle = {"type": "object", "required": ["shape_type", "radius"], "properties": {"shape_type": {"type": "string", "const": "circle"}, "radius": {"type": "number"}}}
    square = {"type": "object", "required": ["shape_type", "side"], "properties": {"shape_type": {"type": "string", "const": "square"}, "side": {"type": "number"}}}
    discriminator: dict[str, Any] = {"propertyName": "shape_type"}
    if index % 2 == 0:
        discriminator["mapping"] = {"circle": f"#/components/schemas/{p}Circle", "square": f"#/components/schemas/{p}Square"}
    return {
        f"{p}Circle": circle,
        f"{p}Square": square,
        f"{p}Shape": {"oneOf": [_ref(f"{p}Circle"), _ref(f"{p}Square")], "discriminator": discriminator},
        # A tree, and a pair of schemas that refer to each other.
        f"{p}Node": {
            "type": "object",
            "required": ["name"],
            "properties": {"name": {"type": "string"}, "children": {"type": "array", "items": _ref(f"{p}Node")}, "owner": _ref(f"{p}Owner")},
        },
        f"{p}Owner": {"type": "object", "properties": {"id": {"type": "string"}, "nodes": {"type": "array", "items": _ref(f"{p}Node")}}},
        f"{p}Open": {"type": "object", "properties": {"id": {"type": "string"}}, "additionalProperties": True},
        f"{p}Merged": {
            "allOf": [_ref(f"{p}Detail0"), {"type": "object", "required": ["label"], "properties": {"label": {"type": "string", "maxLength": 64}, "extraNote": {"type": "string"}}}]
        },
        f"{p}Zone": {"type": "string", "enum": ["GMT0", "GMT+0", "GMT-0", "ASC", "asc"]},
    }


# The list operation's pagination style, by resource: what its request and response look like.
_STYLES = ("cursor", "item_cursor", "offset", "page", "next_url", "link_header", "speakeasy", "fern")


def _list_operation(res: str, index: int) -> dict[str, Any]:
    p = _pascal(res)
    style = _STYLES[index % len(_STYLES)]
    items = {"type": "array", "items": _ref(p)}
    status = {"name": "status", "in": "query", "schema": _ref(f"{p}Status")}
    limit = {"name": "limit", "in": "query", "schema": {"type": "integer"}}
    op: dict[str, Any] = {"operationId": f"{res}s.list", "tags": [res], "summary": f"List {res}s ({style} pages)"}

    def query(*names: str) -> list[dict[str, Any]]:
        return [{"name": n, "in": "query", "schema": {"type": "integer" if n in ("offset", "page", "per_page", "limit") else "string"}} for n in names]

    if style == "cursor":
        op["parameters"] = [*query("cursor"), limit, status]
        op["responses"] = {"200": _json(_ref(f"{p}List"))}
    elif style == "item_cursor":
        op["parameters"] = [*query("starting_after"), limit, status]
        op["responses"] = {"200": _json({"type": "object", "required": ["data"], "properties": {"data": items, "has_more": {"type": "boolean"}}})}
    elif style == "offset":
        op["parameters"] = [*query("offset"), limit, status]
        op["responses"] = {"200": _json({"type": "object", "properties": {"results": items, "total": {"type": "integer"}}})}
    elif style == "page":
        op["parameters"] = [*query("page", "per_page"), status]
        op["responses"] = {"200": _json({"type": "object", "properties": {"entries": items, "page": {"type": "integer"}, "total_pages": {"type": "integer"}}})}
    elif style == "next_url":
        op["parameters"] = [limit, status]
        op["responses"] = {"200": _json({"type": "object", "properties": {"items": items, "next_page_uri": {"type": ["string", "null"]}}})}
    elif style == "link_header":
        op["parameters"] = [*query("page", "per_page")]
        op["responses"] = {"200": {**_json(items), "headers": {"Link": {"schema": {"type": "string"}}}}}
    elif style == "speakeasy":
        op["parameters"] = [*query("skip"), *query("take")]
        op["x-speakeasy-pagination"] = {
            "type": "offsetLimit",
            "inputs": [{"name": "skip", "in": "parameters", "type": "offset"}, {"name": "take", "in": "parameters", "type": "limit"}],
            "outputs": {"results": "$.rows"},
        }
        op["responses"] = {"200": _json({"type": "object", "properties": {"rows": items}})}
    else:
        op["parameters"] = [*query("page_token")]
        op["x-fern-pagination"] = {"cursor": "$request.page_token", "next_cursor": "$response.meta.next", "results": "$response.data"}
        meta = {"type": "object", "properties": {"next": {"type": ["string", "null"]}}}
        op["responses"] = {"200": _json({"type": "object", "properties": {"data": items, "meta": meta}})}
    return op


def _action(res: str, action: str, item_param: dict[str, Any]) -> dict[str, Any]:
    """A POST on one item; each action exercises other body and response kinds."""
    p = _pascal(res)
    op: dict[str, Any] = {"operationId": f"{res}s.{action}", "tags": [res], "summary": f"{action.capitalize()} a {res}"}
    reason = {"type": "object", "properties": {"reason": {"type": "string"}, "force": {"type": "boolean"}}}
    if action == "archive":
        # No body, no content: the method returns None.
        op["responses"] = {"204": {"description": "archived"}}
    elif action == "restore":
        # No operationId: the method is named from the route. Text and binary responses.
        del op["operationId"]
        op["responses"] = {"200": {"description": "a receipt", "content": {"application/pdf": {"schema": {"type": "string", "format": "binary"}}}}}
    elif action == "approve":
        op["requestBody"] = {"content": {"application/x-www-form-urlencoded": {"schema": reason}}}
        op["responses"] = {"200": {"description": "ok", "content": {"text/plain": {"schema": {"type": "string"}}}}}
    elif action == "reject":
        event = {"type": "object", "required": ["kind"], "properties": {"kind": {"type": "string"}, "at": {"type": "string", "format": "date-time"}}}
        op["requestBody"] = {"content": {"application/json": {"schema": reason}}}
        op["responses"] = {"200": {"description": "progress events", "content": {"text/event-stream": {"schema": event}}}}
    else:
        upload = {
            "type": "object",
            "required": ["file"],
            "properties": {"file": {"type": "string", "format": "binary"}, "purpose": {"type": "string", "enum": ["avatar", "document"]}},
        }
        op["requestBody"] = {"required": True, "content": {"multipart/form-data": {"schema": upload}, "application/json": {"schema": reason}}}
        op["responses"] = {"200": _json(_ref(p)), "202": _json(_ref(f"{p}Open"))}
    op["parameters"] = [item_param]
    return op


def _json(schema: dict[str, Any], description: str = "ok") -> dict[str, Any]:
    return {"description": description, "content": {"application/json": {"schema": schema}}}


def _ref(name: str) -> dict[str, str]:
    return {"$ref": f"#/components/schemas/{name}"}


def _resource_paths(res: str, index: int) -> dict[str, Any]:
    p = _pascal(res)
    plural = f"/v1/{res}s"
    item_param = {"name": f"{_camel(res)}Id", "in": "path", "required": True, "schema": {"type": "string"}}
    item = f"{plural}/{{{_camel(res)}Id}}"
    paths: dict[str, Any] = {
        plural: {
            "get": _list_operation(res, index),
            "post": {
                "operationId": f"{res}s.create",
                "tags": [res],
                "summary": f"Create a {res}",
                "requestBody": {"required": True, "content": {"application/json": {"schema": _ref(f"{p}CreateRequest")}}},
                "responses": {"201": _json(_ref(p))},
            },
        },
        item: {
            "parameters": [item_param],
            "get": {
                "operationId": f"{res}s.retrieve",
                "tags": [res],
                "parameters": [
                    {"name": "X-Trace-Id", "in": "header", "schema": {"type": "string"}},
                    {"name": "session", "in": "cookie", "schema": {"type": "string"}},
                    {"name": "expand", "in": "query", "style": "form", "explode": False, "schema": {"type": "array", "items": {"type": "string"}}},
                    {"name": "filter", "in": "query", "style": "deepObject", "schema": {"type": "object", "properties": {"after": {"type": "string"}}}},
                ],
                "responses": {"200": _json(_ref(p))},
            },
            "patch": {
                "operationId": f"{res}s.update",
                "tags": [res],
                "requestBody": {"content": {"application/json": {"schema": _ref(f"{p}UpdateRequest")}}},
                "responses": {"200": _json(_ref(p))},
            },
            "delete": {"operationId": f"{res}s.delete", "tags": [res], "responses": {"204": {"description": "deleted"}}},
        },
    }
    for action in ACTIONS:
        paths[f"{item}/{action}"] = {"post": _action(res, action, item_param)}
    return paths


def synthetic_spec(resources: int = 100, seed: int = 7) -> dict[str, Any]:
    """The document: `resources` × 10 operations and × 38 schemas."""
    rng = random.Random(seed)
    names = [f"{WORDS[i % len(WORDS)]}_{WORDS[(i // len(WORDS)) % len(WORDS)]}" for i in range(resources)]
    paths: dict[str, Any] = {}
    schemas: dict[str, Any] = {}
    for index, res in enumerate(names):
        paths.update(_resource_paths(res, index))
        schemas.update(_resource_schemas(rng, res))
    return {
        "openapi": "3.1.0",
        "info": {"title": "Synthetic API", "version": "1.0.0"},
        "servers": [{"url": "https://api.example.com"}],
        "paths": paths,
        "components": {
            "schemas": schemas,
            "securitySchemes": {"bearerAuth": {"type": "http", "scheme": "bearer"}},
        },
        "security": [{"bearerAuth": []}],
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("out", type=Path)
    parser.add_argument("--resources", type=int, default=100)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    # JSON is valid YAML and much faster to write; the loader reads both.
    args.out.write_text(json.dumps(synthetic_spec(args.resources, args.seed), indent=1), encoding="utf-8")


if __name__ == "__main__":
    main()
