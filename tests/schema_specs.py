"""Small OpenAPI documents, one per schema construct, for tests/test_schemas_*.py.

Each is a complete spec (see `spec_helpers.minimal_spec`); `tests/fixtures/specs/schemas.yaml`
holds them all in one document, the golden-record fixture.
"""

from __future__ import annotations

from typing import Any, Dict

from .spec_helpers import minimal_spec, ok_response


def _ref(name: str) -> Dict[str, str]:
    return {"$ref": f"#/components/schemas/{name}"}


def _get(operation_id: str, schema: Dict[str, Any]) -> Dict[str, Any]:
    return {"get": {"operationId": operation_id, "responses": ok_response(schema)}}


_ERROR = {"description": "error", "content": {"application/json": {"schema": _ref("Problem")}}}

DISCRIMINATOR = minimal_spec(
    {
        "/pets/{id}": {
            "get": {
                "operationId": "pets.retrieve",
                "parameters": [{"name": "id", "in": "path", "required": True, "schema": {"type": "string"}}],
                "responses": ok_response(_ref("Pet")),
            }
        },
        "/pets": _get("pets.list_all", {"type": "object", "properties": {"data": {"type": "array", "items": _ref("Pet")}, "total": {"type": "integer"}}}),
        "/shapes": _get("shapes.list_all", {"type": "array", "items": _ref("Shape")}),
        "/pet-pages": {
            "get": {
                "operationId": "pets.pages",
                "parameters": [{"name": "cursor", "in": "query", "schema": {"type": "string"}}],
                "responses": ok_response(
                    {
                        "type": "object",
                        "properties": {"data": {"type": "array", "items": _ref("Pet")}, "cursor": {"type": "string"}, "hasMore": {"type": "boolean"}},
                    }
                ),
            }
        },
        "/reptiles": _get("reptiles.list_all", {"type": "array", "items": _ref("Reptile")}),
        # inline members, each with a `const` tag
        "/events": _get(
            "events.list_all",
            {
                "type": "array",
                "items": {
                    "oneOf": [
                        {"type": "object", "properties": {"type": {"const": "click"}, "x": {"type": "integer"}}},
                        {"type": "object", "properties": {"type": {"const": "key"}, "key": {"type": "string"}}},
                    ],
                    "discriminator": {"propertyName": "type"},
                },
            },
        ),
    },
    {
        # mapping values both as a reference and as a bare schema name
        "Pet": {
            "oneOf": [_ref("Cat"), _ref("Dog")],
            "discriminator": {"propertyName": "petType", "mapping": {"cat": "#/components/schemas/Cat", "dog": "Dog", "doggo": "Dog"}},
        },
        "Cat": {"type": "object", "required": ["petType"], "properties": {"petType": {"type": "string"}, "lives": {"type": "integer"}}},
        "Dog": {"type": "object", "properties": {"petType": {"type": "string"}, "goodBoy": {"type": "boolean"}}},
        # no mapping: the tag of each member is its schema name
        "Shape": {"anyOf": [_ref("Circle"), _ref("Square")], "discriminator": {"propertyName": "kind"}},
        "Circle": {"type": "object", "properties": {"radius": {"type": "number"}}},
        "Square": {"type": "object", "properties": {"kind": {"type": "string"}, "side": {"type": "number"}}},
        # no mapping, but each member says its own tag (const / enum)
        "Reptile": {"oneOf": [_ref("Lizard"), _ref("Snake")], "discriminator": {"propertyName": "class"}},
        "Lizard": {"type": "object", "properties": {"class": {"type": "string", "enum": ["lizard", "gecko"]}, "legs": {"type": "integer"}}},
        "Snake": {"type": "object", "properties": {"class": {"const": "snake"}, "venomous": {"type": "boolean"}}},
    },
)

# A base schema with a discriminator and no oneOf: its subtypes extend it with allOf.
INHERITANCE = minimal_spec(
    {
        "/vehicles/{id}": {
            "get": {
                "operationId": "vehicles.retrieve",
                "parameters": [{"name": "id", "in": "path", "required": True, "schema": {"type": "string"}}],
                "responses": ok_response(_ref("Vehicle")),
            }
        },
        "/garage": _get("garage.retrieve", {"type": "object", "properties": {"vehicles": {"type": "array", "items": _ref("Vehicle")}, "pet": _ref("Animal")}}),
    },
    {
        # subtypes named by a mapping (a bare name and a reference)
        "Vehicle": {
            "type": "object",
            "required": ["kind"],
            "properties": {"kind": {"type": "string"}, "wheels": {"type": "integer"}},
            "discriminator": {"propertyName": "kind", "mapping": {"car": "Car", "bike": "#/components/schemas/Bike"}},
        },
        "Car": {"allOf": [_ref("Vehicle"), {"type": "object", "properties": {"doors": {"type": "integer"}}}]},
        "Bike": {"allOf": [_ref("Vehicle"), {"type": "object", "properties": {"gears": {"type": "integer"}}}]},
        # no mapping: the schemas that extend it, each tagged by its name
        "Animal": {"type": "object", "properties": {"species": {"type": "string"}}, "discriminator": {"propertyName": "species"}},
        "Horse": {"allOf": [_ref("Animal"), {"type": "object", "properties": {"hooves": {"type": "integer"}}}]},
        "Fish": {"allOf": [_ref("Animal"), {"type": "object", "properties": {"fins": {"type": "integer"}}}]},
    },
)

MAPS = minimal_spec(
    {
        "/inventory": _get("inventory.retrieve", _ref("Inventory")),
        "/labels": _get("labels.retrieve", _ref("Labeled")),
        "/closed": _get("closed.retrieve", _ref("Closed")),
        "/labels/{id}": {
            "put": {
                "operationId": "labels.update",
                "parameters": [{"name": "id", "in": "path", "required": True, "schema": {"type": "string"}}],
                "requestBody": {
                    "content": {
                        "application/json": {
                            "schema": {
                                "type": "object",
                                "properties": {
                                    "counts": _ref("Inventory"),
                                    "labeled": _ref("Labeled"),
                                },
                            }
                        }
                    }
                },
                "responses": ok_response(_ref("Labeled")),
            }
        },
    },
    {
        "Inventory": {"type": "object", "additionalProperties": {"type": "integer"}},
        "Labeled": {"type": "object", "properties": {"name": {"type": "string"}}, "additionalProperties": {"type": "string"}},
        "Closed": {"type": "object", "properties": {"name": {"type": "string"}}, "additionalProperties": False},
    },
)

RECURSION = minimal_spec(
    {
        "/tree": {
            "get": {"operationId": "tree.retrieve", "responses": {**ok_response(_ref("Node")), "default": _ERROR}},
            "post": {
                "operationId": "tree.create",
                "requestBody": {"content": {"application/json": {"schema": _ref("Node")}}},
                "responses": {**ok_response(_ref("Node")), "4XX": _ERROR, "default": _ERROR},
            },
        },
        "/alpha": {"get": {"operationId": "alpha.retrieve", "responses": {**ok_response(_ref("Alpha")), "default": _ERROR}}},
        "/beta": {"get": {"operationId": "beta.retrieve", "responses": {**ok_response(_ref("Beta")), "default": _ERROR}}},
    },
    {
        "Node": {
            "type": "object",
            "required": ["name"],
            "properties": {
                "name": {"type": "string"},
                "children": {"type": "array", "items": _ref("Node")},
                "parent": {"anyOf": [_ref("Node"), {"type": "null"}]},
                "meta": _ref("Json"),
            },
        },
        # recursive, but no object: spelled inline, it is `object` where it contains itself
        "Json": {
            "oneOf": [
                {"type": "string"},
                {"type": "number"},
                {"type": "array", "items": _ref("Json")},
                {"type": "object", "additionalProperties": _ref("Json")},
            ]
        },
        "Alpha": {"type": "object", "properties": {"beta": _ref("Beta"), "label": {"type": "string"}}},
        "Beta": {"type": "object", "properties": {"alphas": {"type": "array", "items": _ref("Alpha")}}},
        # the error body of every operation, itself recursive
        "Problem": {"type": "object", "properties": {"message": {"type": "string"}, "cause": _ref("Problem")}},
    },
)

ENUMS = minimal_spec(
    {"/clock": _get("clock.retrieve", _ref("Clock"))},
    {
        "Clock": {
            "type": "object",
            "properties": {
                "zone": {"type": "string", "enum": ["GMT0", "GMT+0", "GMT-0"]},
                "order": {"type": "string", "enum": ["ASC", "asc", "DESC"]},
                "nothing": {"enum": []},
                "ticks": {"type": "integer"},
                # Numbers that `Literal` cannot hold: a fraction, and an int beyond 64 bits.
                "rate": {"type": "number", "enum": [0.5, 1, 2.5]},
                "serial": {"type": "integer", "enum": [1, 18446744073709551616]},
            },
        }
    },
)

ALL_OF = minimal_spec(
    {"/boxes": _get("boxes.retrieve", _ref("Box"))},
    {
        "Sized": {"type": "object", "properties": {"id": {"type": "string"}, "size": {"type": "string"}, "note": {"type": "string"}}},
        # the second member redefines `size` and makes it required
        "Box": {"allOf": [_ref("Sized"), {"type": "object", "required": ["size"], "properties": {"size": {"type": "integer"}}}]},
    },
)

CONSTRAINTS = minimal_spec(
    {
        "/limits": {
            "get": {
                "operationId": "limits.retrieve",
                "parameters": [
                    {"name": "page_size", "in": "query", "schema": {"type": "integer", "minimum": 1, "maximum": 100, "default": 20}},
                ],
                "responses": ok_response(_ref("Limits")),
            }
        }
    },
    {
        "Limits": {
            "type": "object",
            "properties": {
                "count": {"type": "integer", "minimum": 1, "maximum": 10, "default": 5, "description": "How many."},
                "code": {"type": "string", "pattern": '^"""\\\\x$', "minLength": 2, "maxLength": 8},
                "tags": {"type": "array", "items": {"type": "string"}, "minItems": 1, "uniqueItems": True},
                "ratio": {"type": "number", "exclusiveMinimum": 0, "multipleOf": 0.5},
                "email": {"type": "string", "format": "email"},
                "greeting": {"type": "string", "default": 'a"""b\\'},
            },
        }
    },
)

NESTED_REQUEST = minimal_spec(
    {
        "/orders": {
            "post": {
                "operationId": "orders.create",
                "requestBody": {
                    "content": {
                        "application/json": {
                            "schema": {
                                "type": "object",
                                "required": ["shipping"],
                                "properties": {
                                    "shipping": {
                                        "type": "object",
                                        "required": ["street"],
                                        "properties": {
                                            "id": {"type": "string", "readOnly": True},
                                            "street": {"type": "string"},
                                            "postCode": {"type": "string"},
                                            "geo": {"type": "object", "properties": {"lat": {"type": "number"}, "lng": {"type": "number"}}},
                                        },
                                    },
                                    "items": {"type": "array", "items": _ref("LineItem")},
                                    "headers": {
                                        "type": "object",
                                        "properties": {
                                            "content-type": {"type": "string"},
                                            "class": {"type": "string"},
                                            "str": {"type": "integer"},
                                            "__secret": {"type": "boolean"},
                                            "naïve": {"type": "string"},
                                        },
                                    },
                                },
                            }
                        }
                    }
                },
                "responses": ok_response({"type": "object", "properties": {"id": {"type": "string"}}}),
            }
        }
    },
    {
        "LineItem": {
            "type": "object",
            "required": ["sku"],
            "properties": {"sku": {"type": "string"}, "quantity": {"type": "integer", "minimum": 1}, "createdAt": {"type": "string", "readOnly": True}},
        }
    },
)

# Every construct above, each spec's SDK package named after it.
ALL: Dict[str, Dict[str, Any]] = {
    "discriminator": DISCRIMINATOR,
    "inheritance": INHERITANCE,
    "maps": MAPS,
    "recursion": RECURSION,
    "enums": ENUMS,
    "all_of": ALL_OF,
    "constraints": CONSTRAINTS,
    "nested_request": NESTED_REQUEST,
}


def union_spec() -> Dict[str, Any]:
    """All of the specs above in one document: tests/fixtures/specs/schemas.yaml."""
    paths: Dict[str, Any] = {}
    schemas: Dict[str, Any] = {}
    for spec in ALL.values():
        paths.update(spec["paths"])
        schemas.update(spec.get("components", {}).get("schemas", {}))
    return minimal_spec(paths, schemas, info={"title": "Schemas fixture", "version": "1.0.0"})
