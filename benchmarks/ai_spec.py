"""A synthetic OpenAPI 3.1 document shaped like a large public AI API (written, never committed).

    .venv/bin/python benchmarks/ai_spec.py OUT.json [--seed 7]

About 300 operations and 900 schemas in some 3 MB of JSON, with the shapes such APIs have:
camelCase and all-lowercase operationIds (`listAssistants`, `createcontentcheck`), nested
resources (`/threads/{thread_id}/runs/{run_id}/steps`), actions (`/runs/{run_id}/cancel`), list
pages made with `allOf` over a shared list base and `after`/`before`/`limit` parameters,
objects with dozens of described properties, enums of model names, unions discriminated by a
`type` tag (tool calls, content parts, stream events), operations that answer JSON or an event
stream by a `stream` flag, audio bytes, multipart uploads, and a path key with a fixed query.
"""

from __future__ import annotations

import argparse
import json
import random
from pathlib import Path
from typing import Any

WORDS = (
    "the request returns model output for each input and records usage against the project so that "
    "callers can inspect tokens latency and errors later when a field is omitted the server applies "
    "its default which may change between versions of the api see the guide for details on limits "
    "retries streaming tools files and fine tuning jobs"
).split()
MODELS = [f"model-{family}-{size}" for family in ("alpha", "beta", "gamma", "delta") for size in ("mini", "base", "large", "xl", "2025-01-01")]
# (collection path, resource word, sub-collections): each gets list/create/retrieve/modify/delete.
RESOURCES = [
    ("/assistants", "assistant", []),
    ("/threads", "thread", ["messages", "runs"]),
    ("/vector_stores", "vector_store", ["files", "file_batches"]),
    ("/batches", "batch", []),
    ("/files", "file", []),
    ("/uploads", "upload", ["parts"]),
    ("/fine_tuning/jobs", "fine_tuning_job", ["events", "checkpoints"]),
    ("/evals", "eval", ["runs"]),
    ("/containers", "container", ["files"]),
    ("/conversations", "conversation", ["items"]),
    ("/organization/projects", "project", ["users", "service_accounts", "api_keys", "rate_limits"]),
    ("/organization/users", "organization_user", []),
    ("/organization/invites", "invite", []),
    ("/organization/admin_api_keys", "admin_api_key", []),
    ("/organization/certificates", "certificate", []),
    ("/realtime/sessions", "realtime_session", []),
    ("/chat/completions", "chat_completion", ["messages"]),
    ("/responses", "response", ["input_items"]),
    ("/videos", "video", []),
    ("/skills", "skill", ["versions"]),
    ("/workflows", "workflow", ["steps"]),
    ("/datasets", "dataset", ["records"]),
    ("/prompts", "prompt", ["versions"]),
    ("/webhooks", "webhook", ["deliveries"]),
]
ACTIONS = ("cancel", "pause", "resume", "complete", "submit_tool_outputs", "archive")


def _camel(*words: str) -> str:
    parts = [p for w in words for p in w.split("_")]
    return parts[0] + "".join(p.capitalize() for p in parts[1:])


def _pascal(*words: str) -> str:
    return "".join(p.capitalize() for w in words for p in w.split("_"))


def _ref(name: str) -> dict[str, str]:
    return {"$ref": f"#/components/schemas/{name}"}


def _json(schema: dict[str, Any], description: str = "OK") -> dict[str, Any]:
    return {"description": description, "content": {"application/json": {"schema": schema}}}


class _Spec:
    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)
        self.paths: dict[str, Any] = {}
        self.schemas: dict[str, Any] = {}

    def prose(self, low: int = 12, high: int = 60) -> str:
        words = [self.rng.choice(WORDS) for _ in range(self.rng.randint(low, high))]
        text = " ".join(words).capitalize() + "."
        if self.rng.random() < 0.3:
            text += "\n\nSee [the guide](https://example.com/docs/guides/" + self.rng.choice(WORDS) + ") for `" + self.rng.choice(WORDS) + "`."
        return text

    # -- schemas -----------------------------------------------------------------------------

    def base_schemas(self) -> None:
        self.schemas["ListObject"] = {
            "type": "object",
            "required": ["object", "first_id", "last_id", "has_more"],
            "properties": {
                "object": {"type": "string", "const": "list"},
                "first_id": {"type": ["string", "null"], "description": "The ID of the first item of the page."},
                "last_id": {"type": ["string", "null"], "description": "The ID of the last item of the page."},
                "has_more": {"type": "boolean", "description": "Whether more items follow this page."},
            },
        }
        self.schemas["ModelName"] = {"type": "string", "enum": MODELS, "description": self.prose()}
        self.schemas["Metadata"] = {"type": ["object", "null"], "additionalProperties": {"type": "string", "maxLength": 512}, "description": self.prose()}
        self.schemas["ErrorObject"] = {
            "type": "object",
            "required": ["message", "type"],
            "properties": {"message": {"type": "string"}, "type": {"type": "string"}, "param": {"type": ["string", "null"]}, "code": {"type": ["string", "null"]}},
        }
        # Tool definitions and content parts: unions discriminated by `type`.
        for union, members in (("Tool", ("function", "file_search", "code_interpreter", "web_search", "computer", "mcp")), ("ContentPart", ("text", "image_url", "input_audio", "file", "refusal"))):
            refs = []
            for member in members:
                name = f"{union}{_pascal(member)}"
                props: dict[str, Any] = {"type": {"type": "string", "const": member, "description": f"Always `{member}`."}}
                for i in range(self.rng.randint(2, 6)):
                    props[f"{member}_{['name', 'detail', 'url', 'limit', 'options', 'strict'][i]}"] = self.property(i)
                self.schemas[name] = {"type": "object", "required": ["type"], "properties": props, "description": self.prose()}
                refs.append(_ref(name))
            self.schemas[union] = {"oneOf": refs, "discriminator": {"propertyName": "type"}}
        # Stream events: many members, each tagged by a const `type`.
        events = []
        for i in range(40):
            name = f"StreamEvent{i}"
            tag = f"response.{self.rng.choice(['output', 'content', 'tool', 'reasoning'])}.{i}.{self.rng.choice(['delta', 'done', 'added'])}"
            self.schemas[name] = {
                "type": "object",
                "required": ["type", "sequence_number"],
                "properties": {"type": {"type": "string", "const": tag}, "sequence_number": {"type": "integer"}, "delta": {"type": "string"}, "item_id": {"type": "string"}},
                "description": self.prose(),
            }
            events.append(_ref(name))
        self.schemas["StreamEvent"] = {"anyOf": events, "discriminator": {"propertyName": "type"}}

    def property(self, i: int) -> dict[str, Any]:
        kind = i % 9
        description = self.prose()
        if kind == 0:
            return {"type": "string", "description": description}
        if kind == 1:
            return {"type": ["integer", "null"], "minimum": 0, "description": description}
        if kind == 2:
            return {"type": "number", "minimum": 0, "maximum": 2, "default": 1, "description": description}
        if kind == 3:
            return {"type": "boolean", "default": False, "description": description}
        if kind == 4:
            return {"type": "string", "enum": sorted(self.rng.sample(["auto", "none", "required", "low", "medium", "high", "default", "flex", "priority"], 4)), "description": description}
        if kind == 5:
            return {"type": "array", "items": {"type": "string"}, "maxItems": 16, "description": description}
        if kind == 6:
            return {**_ref("Metadata")}
        if kind == 7:
            return {"type": "integer", "description": description, "format": "int64"}
        return {"type": "string", "format": "date-time", "description": description}

    def object_schemas(self, word: str) -> str:
        """The object of a resource and its helper schemas; returns the object's schema name."""
        name = _pascal(word)
        props: dict[str, Any] = {
            "id": {"type": "string", "description": f"The identifier of the {word.replace('_', ' ')}."},
            "object": {"type": "string", "const": word.replace("_", "."), "description": f"Always `{word}`."},
            "created_at": {"type": "integer", "description": "The Unix timestamp (in seconds) of its creation."},
            "model": _ref("ModelName"),
            "metadata": _ref("Metadata"),
            "tools": {"type": "array", "items": _ref("Tool"), "description": self.prose()},
            "content": {"type": "array", "items": _ref("ContentPart")},
            "last_error": {"anyOf": [_ref("ErrorObject"), {"type": "null"}]},
        }
        for i in range(self.rng.randint(14, 26)):
            props[f"{self.rng.choice(WORDS)}_{self.rng.choice(WORDS)}_{i}"] = self.property(i)
        settings = f"{name}Settings"
        self.schemas[settings] = {
            "type": "object",
            "properties": {f"setting_{i}": self.property(i + 1) for i in range(self.rng.randint(6, 12))},
            "description": self.prose(),
        }
        props["settings"] = _ref(settings)
        for extra in range(self.rng.randint(8, 14)):
            helper = f"{name}Part{extra}"
            self.schemas[helper] = {"type": "object", "properties": {f"field_{i}": self.property(i + extra) for i in range(self.rng.randint(4, 10))}, "description": self.prose()}
            props[f"part_{extra}"] = _ref(helper)
        self.schemas[name] = {"type": "object", "required": ["id", "object", "created_at"], "properties": props, "description": self.prose()}
        self.schemas[f"{name}List"] = {
            "allOf": [_ref("ListObject"), {"type": "object", "required": ["data"], "properties": {"data": {"type": "array", "items": _ref(name)}}}]
        }
        self.schemas[f"Create{name}Request"] = {
            "type": "object",
            "required": ["model"],
            "properties": {"model": _ref("ModelName"), "metadata": _ref("Metadata"), **{f"option_{i}": self.property(i) for i in range(self.rng.randint(5, 12))}},
        }
        self.schemas[f"Modify{name}Request"] = {"type": "object", "properties": {"metadata": _ref("Metadata"), **{f"option_{i}": self.property(i) for i in range(4)}}}
        self.schemas[f"Delete{name}Response"] = {
            "type": "object",
            "required": ["id", "object", "deleted"],
            "properties": {"id": {"type": "string"}, "object": {"type": "string", "const": f"{word}.deleted"}, "deleted": {"type": "boolean"}},
        }
        return name

    # -- operations ----------------------------------------------------------------------------

    def collection(self, path: str, word: str, params: list[dict[str, Any]], *, lowercase: bool = False) -> str:
        name = self.object_schemas(word)
        plural = word + "s"
        item_param = f"{word}_id"
        list_id = _camel("list", plural)
        create_id = _camel("create", word)
        if lowercase:
            list_id, create_id = list_id.lower(), create_id.lower()
        page_params = [
            {"name": "limit", "in": "query", "schema": {"type": "integer", "default": 20, "minimum": 1, "maximum": 100}, "description": self.prose(6, 20)},
            {"name": "order", "in": "query", "schema": {"type": "string", "enum": ["asc", "desc"], "default": "desc"}},
            {"name": "after", "in": "query", "schema": {"type": "string"}, "description": "A cursor: the ID of the item to start after."},
            {"name": "before", "in": "query", "schema": {"type": "string"}},
        ]
        self.paths[path] = {
            "get": {"operationId": list_id, "summary": f"List {plural.replace('_', ' ')}", "description": self.prose(), "parameters": params + page_params, "responses": {"200": _json(_ref(f"{name}List"))}},
            "post": {
                "operationId": create_id,
                "summary": f"Create a {word.replace('_', ' ')}",
                "parameters": params,
                "requestBody": {"required": True, "content": {"application/json": {"schema": _ref(f"Create{name}Request")}}},
                "responses": {"200": _json(_ref(name))},
            },
        }
        item = {"name": item_param, "in": "path", "required": True, "schema": {"type": "string"}, "description": f"The ID of the {word.replace('_', ' ')}."}
        item_path = f"{path}/{{{item_param}}}"
        self.paths[item_path] = {
            "get": {"operationId": _camel("get", word), "parameters": params + [item], "responses": {"200": _json(_ref(name))}},
            "post": {
                "operationId": _camel("modify", word),
                "parameters": params + [item],
                "requestBody": {"required": True, "content": {"application/json": {"schema": _ref(f"Modify{name}Request")}}},
                "responses": {"200": _json(_ref(name))},
            },
            "delete": {"operationId": _camel("delete", word), "parameters": params + [item], "responses": {"200": _json(_ref(f"Delete{name}Response"))}},
        }
        for action in self.rng.sample(ACTIONS, 2):
            self.paths[f"{item_path}/{action}"] = {
                "post": {"operationId": _camel(action, word), "summary": f"{action.replace('_', ' ').capitalize()} a {word}", "parameters": params + [item], "responses": {"200": _json(_ref(name))}}
            }
        return item_path

    def special_operations(self) -> None:
        # JSON or an event stream, by the `stream` flag of the body.
        body = {
            "type": "object",
            "required": ["model", "input"],
            "properties": {
                "model": _ref("ModelName"),
                "input": {"oneOf": [{"type": "string"}, {"type": "array", "items": _ref("ContentPart")}]},
                "stream": {"type": ["boolean", "null"], "default": False, "description": self.prose()},
                "tools": {"type": "array", "items": _ref("Tool")},
                "temperature": {"type": ["number", "null"], "minimum": 0, "maximum": 2, "default": 1},
            },
        }
        self.schemas["CreateGenerationRequest"] = body
        self.paths["/generations"] = {
            "post": {
                "operationId": "createGeneration",
                "requestBody": {"required": True, "content": {"application/json": {"schema": _ref("CreateGenerationRequest")}}},
                "responses": {"200": {"description": "OK", "content": {"application/json": {"schema": _ref("Response")}, "text/event-stream": {"schema": _ref("StreamEvent")}}}},
            }
        }
        # Audio bytes.
        self.paths["/audio/speech"] = {
            "post": {
                "operationId": "createSpeech",
                "requestBody": {"required": True, "content": {"application/json": {"schema": {"type": "object", "required": ["input"], "properties": {"input": {"type": "string", "maxLength": 4096}, "voice": {"type": "string", "enum": ["alloy", "echo", "fable"]}}}}}},
                "responses": {"200": {"description": "audio", "content": {"audio/mpeg": {"schema": {"type": "string", "format": "binary"}}}}},
            }
        }
        # Uploads.
        for path, op in (("/audio/transcriptions", "createTranscription"), ("/images/edits", "createImageEdit"), ("/files/upload", "uploadFile")):
            upload = {
                "type": "object",
                "required": ["file"],
                "properties": {"file": {"type": "string", "format": "binary"}, "purpose": {"type": "string", "enum": ["assistants", "batch", "vision"]}, "prompt": {"type": "string"}},
            }
            self.paths[path] = {"post": {"operationId": op, "requestBody": {"required": True, "content": {"multipart/form-data": {"schema": upload}}}, "responses": {"200": _json(_ref("File"))}}}
        # Content as bytes, a grader run, an all-lowercase id and a path key with a fixed query.
        self.paths["/files/{file_id}/content"] = {
            "get": {"operationId": "downloadFile", "parameters": [{"name": "file_id", "in": "path", "required": True, "schema": {"type": "string"}}], "responses": {"200": {"description": "bytes", "content": {"application/octet-stream": {"schema": {"type": "string", "format": "binary"}}}}}}
        }
        self.paths["/graders/run"] = {"post": {"operationId": "runGrader", "requestBody": {"content": {"application/json": {"schema": {"type": "object", "properties": {"grader": _ref("Tool")}}}}}, "responses": {"200": _json(_ref("ErrorObject"))}}}
        self.paths["/content_checks"] = {"post": {"operationId": "createcontentcheck", "responses": {"200": _json(_ref("ErrorObject"))}}}
        self.paths["/experiments?beta=true"] = {"post": {"operationId": "createExperiment", "responses": {"200": _json(_ref("ErrorObject"))}}}


def ai_spec(seed: int = 7) -> dict[str, Any]:
    """The document."""
    spec = _Spec(seed)
    spec.base_schemas()
    for index, (path, word, children) in enumerate(RESOURCES):
        item_path = spec.collection(path, word, [], lowercase=index % 7 == 3)
        parent = {"name": f"{word}_id", "in": "path", "required": True, "schema": {"type": "string"}}
        for child in children:
            spec.collection(f"{item_path}/{child}", f"{word}_{child.rstrip('s')}", [parent])
    spec.special_operations()
    return {
        "openapi": "3.1.0",
        "info": {"title": "Synthetic AI API", "version": "2.3.0", "description": spec.prose(40, 120)},
        "servers": [{"url": "https://api.example.ai/v1"}],
        "security": [{"ApiKeyAuth": []}],
        "paths": spec.paths,
        "components": {"schemas": spec.schemas, "securitySchemes": {"ApiKeyAuth": {"type": "http", "scheme": "bearer"}}},
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("out", type=Path)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    args.out.write_text(json.dumps(ai_spec(args.seed), indent=1), encoding="utf-8")


if __name__ == "__main__":
    main()
