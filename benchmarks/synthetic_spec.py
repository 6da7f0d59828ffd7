"""A large, deterministic OpenAPI 3.1 document for generation benchmarks (written, never committed).

    .venv/bin/python benchmarks/synthetic_spec.py OUT.yaml [--resources 100] [--seed 7]

Each resource has 10 operations (list with cursor pagination, create, retrieve, update, delete and
five actions) and 30 component schemas (the resource, create/update bodies, nested objects, enums,
arrays, nullable fields and refs between them): 100 resources give 1,000 operations and 3,000
schemas. Only constructs the generator supports today are used.
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


def _json(schema: dict[str, Any], description: str = "ok") -> dict[str, Any]:
    return {"description": description, "content": {"application/json": {"schema": schema}}}


def _ref(name: str) -> dict[str, str]:
    return {"$ref": f"#/components/schemas/{name}"}


def _resource_paths(res: str) -> dict[str, Any]:
    p = _pascal(res)
    plural = f"/v1/{res}s"
    item_param = {"name": f"{_camel(res)}Id", "in": "path", "required": True, "schema": {"type": "string"}}
    item = f"{plural}/{{{_camel(res)}Id}}"
    paths: dict[str, Any] = {
        plural: {
            "get": {
                "operationId": f"{res}s.list",
                "tags": [res],
                "summary": f"List {res}s",
                "parameters": [
                    {"name": "cursor", "in": "query", "schema": {"type": "string"}},
                    {"name": "limit", "in": "query", "schema": {"type": "integer"}},
                    {"name": "status", "in": "query", "schema": _ref(f"{p}Status")},
                ],
                "responses": {"200": _json(_ref(f"{p}List"))},
            },
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
            "get": {"operationId": f"{res}s.retrieve", "tags": [res], "responses": {"200": _json(_ref(p))}},
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
        paths[f"{item}/{action}"] = {
            "parameters": [item_param],
            "post": {
                "operationId": f"{res}s.{action}",
                "tags": [res],
                "summary": f"{action.capitalize()} a {res}",
                "requestBody": {
                    "content": {
                        "application/json": {
                            "schema": {"type": "object", "properties": {"reason": {"type": "string"}, "force": {"type": "boolean"}}}
                        }
                    }
                },
                "responses": {"200": _json(_ref(p))},
            },
        }
    return paths


def synthetic_spec(resources: int = 100, seed: int = 7) -> dict[str, Any]:
    """The document: `resources` × 10 operations and × 30 schemas."""
    rng = random.Random(seed)
    names = [f"{WORDS[i % len(WORDS)]}_{WORDS[(i // len(WORDS)) % len(WORDS)]}" for i in range(resources)]
    paths: dict[str, Any] = {}
    schemas: dict[str, Any] = {}
    for res in names:
        paths.update(_resource_paths(res))
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
