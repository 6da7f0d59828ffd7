"""Reading a spec file: YAML 1.2's numbers, and every read error placed at a line and column."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from generator.cli import main

_SPEC = """openapi: 3.0.3
info: {title: t, version: "1"}
paths:
  /things:
    get:
      parameters:
        - name: ratio
          in: query
          schema: {type: number, minimum: 1e-08, maximum: 1e3, multipleOf: 1.0e-8, default: 5E+2}
        - name: count
          in: query
          schema: {type: integer, maximum: 0100, minimum: 0o17, default: 0x1F}
        - name: answer
          in: query
          schema: {type: string, enum: [yes, no, on, off, "=", 1_000, "1:30"]}
      responses:
        "200": {description: ok}
"""


def _parameters(path: Path) -> list[dict[str, object]]:
    from generator.load import load

    return [p["schema"] for p in load(path, display_base=path.parent).root["paths"]["/things"]["get"]["parameters"]]


def test_numbers_are_read_as_yaml_1_2_reads_them(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "spec.yaml").write_text(_SPEC)
    ratio, count, answer = _parameters(tmp_path / "spec.yaml")
    assert ratio == {"type": "number", "minimum": 1e-08, "maximum": 1000.0, "multipleOf": 1e-08, "default": 500.0}
    assert count == {"type": "integer", "maximum": 100, "minimum": 15, "default": 31}
    # YAML 1.1's booleans, base-60 and digit separators are strings in YAML 1.2, as OpenAPI reads it.
    assert answer["enum"] == ["yes", "no", "on", "off", "=", "1_000", "1:30"]
    assert main(["validate", str(tmp_path / "spec.yaml"), "--strict", "-q"]) == 0, capsys.readouterr().err


def test_a_number_without_a_dot_is_a_number_to_the_validator_too(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # `minimum: 1e-08` read as a string made `validate --strict` fail on a public spec.
    (tmp_path / "spec.yaml").write_text(_SPEC.replace("\n        - name: count", "\n        - name: x\n          in: query\n          schema: {minimum: 1e-08}\n        - name: count"))
    assert main(["validate", str(tmp_path / "spec.yaml"), "--strict"]) == 0, capsys.readouterr().err


@pytest.mark.parametrize(
    ("content", "place", "message"),
    [
        (_SPEC.encode().replace(b"title: t", b"title: \xff"), "2:15", "not UTF-8"),
        (_SPEC.encode().replace(b"version: \"1\"", b"version: \"\xc3\xa91\x00\""), "2:30", "NUL"),
        (_SPEC.encode().replace(b"description: ok", b"description: o\x07k"), "17:31", "control character"),
        (b'{"openapi": "3.0.3",\n "info": {"title": "t\x01"}}', "2:22", "control character"),
        (b'{"openapi": "3.0.3",\n "info": {"title" "t"}\n}', "2:19", "not valid YAML or JSON"),
        (b"\xef\xbb\xbfopenapi: 3.0.3\ninfo: {title: \xc3\x28}\n", "2:15", "not UTF-8"),
    ],
)
def test_every_read_error_is_placed_at_a_line_and_column(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], content: bytes, place: str, message: str
) -> None:
    (tmp_path / "spec.yaml").write_bytes(content)
    assert main(["validate", str(tmp_path / "spec.yaml"), "-q"]) == 2
    (line,) = capsys.readouterr().err.strip().splitlines()
    assert line.startswith(f"{tmp_path / 'spec.yaml'}:{place}: error: ") or line.startswith(f"spec.yaml:{place}: error: "), line
    assert message in line and not re.search(r"position|byte \d|char \d", line), line
