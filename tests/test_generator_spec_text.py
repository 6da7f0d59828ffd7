"""Spec strings are untrusted: whatever they hold, the generated code compiles, keeps the text
verbatim in docstrings and literals, and runs nothing at import."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from generator.cli import main

from .spec_helpers import minimal_spec, ok_response, write_spec

HOSTILE = '"""; import os; os.system("touch PWNED") #\n\'\'\' {{ 7 * 7 }} {% raw %} {# x #} \\N{BULLET} \\x00 \\'
ENUM_VALUES = ['a"b', "c'd", "\\", '"""', "line\nbreak", "{{ x }}", "tab\there"]


def hostile_spec() -> dict[str, object]:
    return minimal_spec(
        {
            "/things/{thing-id}": {
                "post": {
                    "operationId": "things.do_it",
                    "summary": HOSTILE,
                    "description": HOSTILE,
                    "parameters": [
                        {
                            "name": "thing-id",
                            "in": "path",
                            "required": True,
                            "description": HOSTILE,
                            "schema": {"type": "string"},
                        },
                        {
                            "name": "class",
                            "in": "query",
                            "description": HOSTILE,
                            "schema": {"type": "string", "enum": ENUM_VALUES},
                        },
                    ],
                    "requestBody": {
                        "content": {
                            "application/json": {
                                "schema": {
                                    "type": "object",
                                    "properties": {
                                        'quo"ted': {
                                            "type": "string",
                                            "description": HOSTILE,
                                        },
                                        "self": {"type": "integer"},
                                        "timeout": {"type": "number"},
                                    },
                                }
                            }
                        }
                    },
                    "responses": ok_response({"$ref": "#/components/schemas/Thing"}),
                }
            }
        },
        {
            "Thing": {
                "type": "object",
                "description": HOSTILE,
                "required": ["1st", "model_config"],
                "properties": {
                    "1st": {"type": "string", "description": HOSTILE},
                    "model_config": {"type": "string"},
                    "a b": {"type": "string", "enum": ENUM_VALUES},
                    "__init__": {"type": "boolean"},
                    "ünïcode": {"type": "string"},
                    "json": {
                        "type": "object",
                        "additionalProperties": {"type": "string"},
                    },
                },
            }
        },
        info={"title": HOSTILE, "version": '1.0"; import os #', "description": HOSTILE},
        servers=[{"url": 'https://api.example.com/"+__import__("os").getcwd()+"'}],
    )


def test_hostile_spec_text_compiles_runs_nothing_and_survives_verbatim(
    tmp_path: Path,
) -> None:
    spec = write_spec(tmp_path, hostile_spec())
    out = tmp_path / "out"
    assert (
        main(
            [
                "generate",
                str(spec),
                "-o",
                str(out),
                "--package",
                "hostile",
                "--client",
                "Hostile",
                "-q",
            ]
        )
        == 0
    )
    for source in out.rglob("*.py"):
        compile(source.read_text(encoding="utf-8"), str(source), "exec")
    probe = f"""
import inspect, json, pkgutil, importlib, hostile
from hostile.types.thing import Thing
from hostile.resources.things import ThingsResource
for info in pkgutil.walk_packages(hostile.__path__, "hostile."):
    importlib.import_module(info.name)
print(json.dumps({{
    "thing_doc": inspect.cleandoc(Thing.__doc__ or ""),
    "method_doc": inspect.cleandoc(ThingsResource.do_it.__doc__ or ""),
    "fields": {{name: f.alias or name for name, f in Thing.model_fields.items()}},
}}))
"""
    result = subprocess.run(
        [sys.executable, "-c", probe],
        cwd=out,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert not list(tmp_path.rglob("PWNED")) and not (out / "PWNED").exists()
    import json

    seen = json.loads(result.stdout)
    assert seen["thing_doc"].strip() == HOSTILE.strip()
    assert HOSTILE.splitlines()[0] in seen["method_doc"]
    assert set(seen["fields"].values()) >= {
        "1st",
        "model_config",
        "a b",
        "__init__",
        "ünïcode",
        "json",
    }
