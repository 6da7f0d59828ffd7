"""Specs that break OpenAPI's rules still give a working SDK, with a warning for each broken rule;
`--strict` refuses them; every problem of a run is reported together, with its place."""

from __future__ import annotations

import datetime
import re
from pathlib import Path
from typing import Any, Iterator

import pytest

from generator.cli import main
from generator.config import resolve_config
from generator.pipeline import generate as render

from .names_fixtures import LENIENT_GOLDEN, LENIENT_SPEC, generate, imported
from .scripted_server import ScriptedServer
from .spec_helpers import ROOT, golden_mismatches, minimal_spec, ok_response, write_spec

PROBLEM = re.compile(r"^(?P<file>[^:]+):(?P<line>\d+):(?P<column>\d+): (?P<severity>error|warning): (?P<message>.*?)(?: \[#(?P<pointer>[^\]]*)\])?$")


def _problems(stderr: str) -> list[dict[str, str]]:
    found = []
    for line in stderr.strip().splitlines():
        match = PROBLEM.match(line)
        assert match, f"not file:line:col: severity: message [#pointer]: {line!r}"
        found.append(match.groupdict())
    return found


@pytest.fixture(scope="module")
def out(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("lenient")
    assert generate(LENIENT_SPEC, folder, "lenient", "Lenient") == 0
    return folder


@pytest.fixture
def client(out: Path, server: ScriptedServer) -> Iterator[Any]:
    with imported(out, "lenient") as sdk:
        with sdk.Lenient(api_key="k", base_url=server.url, max_retries=0) as made:
            yield made


def test_the_lenient_spec_generates_with_one_warning_per_broken_rule(tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    assert main(["generate", str(LENIENT_SPEC), "-o", str(tmp_path), "--package", "lenient", "--client", "Lenient"]) == 0
    problems = _problems(capsys.readouterr().err)
    assert {p["severity"] for p in problems} == {"warning"}
    by_message = {(p["file"], p["pointer"], p["message"]) for p in problems}
    spec = "tests/fixtures/specs/lenient/openapi.yaml"
    expected = [
        (spec, "/tags/0", "OpenAPI allows no $ref in place of a tag object; sdkgen follows it"),
        (spec, "/paths/~1tools/get", "OpenAPI allows no $ref in place of an operation object; sdkgen follows it"),
        (spec, "/paths/~1calls/get/responses/200", "key '200' is not a string; read as '200' (quote it)"),
        ("tests/fixtures/specs/lenient/operations/tools.yaml", "/create/responses/201", "key '201' is not a string; read as '201' (quote it)"),
        (spec, "/paths/~1calls/get/parameters", "query parameters 'page-size' and 'page_size' have one Python name; 'page_size' is `page_size2`"),
        (spec, "/components/schemas/Tool", "schema 'Tool' is named Tool2 in Python: another type took its name first"),
    ]
    for problem in expected:
        assert problem in by_message, sorted(by_message)
    # What openapi-spec-validator finds is there too, as warnings at the same places.
    validator = {p["pointer"] for p in problems if p["message"].startswith("invalid OpenAPI 3.0.3:")}
    assert {"/tags/0", "/tags/1/description", "/paths/~1tools/get", "/paths/~1tools/post"} <= validator
    assert all(int(p["line"]) > 0 and int(p["column"]) > 0 for p in problems)
    # Reported in order of place.
    places = [(p["file"], int(p["line"]), int(p["column"])) for p in problems]
    assert places == sorted(places)


@pytest.mark.parametrize("command", ["generate", "check", "validate"])
def test_strict_turns_the_validators_findings_into_errors_and_exits_2(tmp_path: Path, capsys: pytest.CaptureFixture[str], command: str) -> None:
    options = [] if command == "validate" else ["-o", str(tmp_path / "out"), "--package", "lenient", "--client", "Lenient"]
    assert main([command, str(LENIENT_SPEC), *options, "--strict"]) == 2
    problems = _problems("\n".join(line for line in capsys.readouterr().err.splitlines() if line.startswith(("/", "tests"))))
    errors = [p for p in problems if p["severity"] == "error"]
    assert errors and all(p["message"].startswith("invalid OpenAPI 3.0.3:") for p in errors)
    # The build's own warnings are reported in the same run, beside the errors.
    assert any("have one Python name" in p["message"] for p in problems)
    assert not (tmp_path / "out").exists()


def test_the_lenient_sdk_is_exactly_its_golden_record(tmp_path: Path) -> None:
    config = resolve_config(spec=str(LENIENT_SPEC), output=str(tmp_path), package="lenient", client="Lenient", config_file=None, cwd=ROOT)
    mismatches = golden_mismatches(render(config, cwd=ROOT).files, LENIENT_GOLDEN)
    assert mismatches == [], "tests/fixtures/golden/lenient is stale; regenerate it: .venv/bin/python tests/fixtures/refresh_golden.py"


def test_operations_given_by_ref_in_other_files_work(client: Any, server: ScriptedServer) -> None:
    server.reply(200, json=[{"name": "search", "parameters": {"q": "string"}}])
    (tool,) = client.tools.list()
    assert (tool.name, tool.parameters) == ("search", {"q": "string"})
    server.reply(201, json={"name": "calc"})
    assert client.tools.create(name="calc", description="adds").name == "calc"
    assert server.requests[-1].json == {"name": "calc", "description": "adds"}
    server.reply(200, json={"name": "calc"})
    assert client.tools.retrieve("t 1").name == "calc"
    assert server.requests[-1].path == "/tools/t%201"


def test_params_and_schemas_whose_python_names_collide_both_work(client: Any, server: ScriptedServer) -> None:
    server.reply(200, json={"calls": [{"sid": "c1", "date_created": "2024-01-02", "tool": {"id": "t"}, "agent_tool": {"name": "n"}}]})
    listed = client.calls.list(
        date_created=datetime.date(2024, 1, 2), date_created_lt=datetime.date(2024, 2, 1), date_created_gt=datetime.date(2023, 12, 1), page_size=5, page_size2=6
    )
    assert server.requests[-1].query == {
        "DateCreated": ["2024-01-02"], "DateCreated<": ["2024-02-01"], "DateCreated>": ["2023-12-01"], "page-size": ["5"], "page_size": ["6"]
    }
    (call,) = listed.calls
    assert (call.sid, call.date_created, call.tool.id, call.agent_tool.name) == ("c1", datetime.date(2024, 1, 2), "t", "n")
    assert type(call.tool).__name__ == "Tool2" and type(call.agent_tool).__name__ == "Tool"


def test_tag_descriptions_given_by_ref_become_resource_docstrings(client: Any) -> None:
    assert type(client.tools).__doc__ == "Tools that agents use."
    assert type(client.calls).__doc__ == "Phone calls, and when they were made."


def test_every_error_of_a_run_is_reported_together_and_exits_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    spec = minimal_spec(
        {
            "/a/{id}": {"get": {"operationId": "a.get", "responses": ok_response({"type": "string"})}},
            "/b/{id}": {"get": {"operationId": "b.get", "responses": ok_response({"type": "string"})}},
            "/c": {"get": {"operationId": "c.get", "parameters": [{"name": "q", "in": "body"}], "responses": ok_response({"type": "string"})}},
        }
    )
    write_spec(tmp_path, spec)
    assert main(["generate", str(tmp_path / "spec.yaml"), "-o", str(tmp_path / "out")]) == 2
    problems = _problems(capsys.readouterr().err)
    errors = [p["pointer"] for p in problems if p["severity"] == "error"]
    assert errors == ["/paths/~1a~1{id}/get/parameters", "/paths/~1b~1{id}/get/parameters"]
    # ...and the warnings of the same run beside them.
    assert any(p["severity"] == "warning" and p["pointer"].startswith("/paths/~1c/get/parameters/0") for p in problems)
    assert not (tmp_path / "out").exists()


def test_ref_cycles_are_reported_at_load_all_at_once(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    spec = minimal_spec(
        {"/a": {"get": {"responses": ok_response({"$ref": "#/components/schemas/A"})}}},
        {"A": {"$ref": "#/components/schemas/B"}, "B": {"$ref": "#/components/schemas/A"}, "C": {"$ref": "#/components/schemas/C"}},
    )
    write_spec(tmp_path, spec)
    assert main(["generate", str(tmp_path / "spec.yaml"), "-o", str(tmp_path / "out"), "-q"]) == 2
    problems = _problems(capsys.readouterr().err)
    assert {p["message"] for p in problems} == {"$ref cycle: the reference resolves to itself"}
    assert {p["pointer"] for p in problems} >= {"/components/schemas/C"}


def test_a_build_that_breaks_on_an_invalid_spec_is_one_more_error_beside_the_findings(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    # The build cannot foresee every shape an invalid spec takes; stand in for such a gap.
    from generator.builder.operations import OperationBuilder

    def breaks(*args: Any, **kwargs: Any) -> Any:
        raise KeyError("content")

    monkeypatch.setattr(OperationBuilder, "build", breaks)
    spec = minimal_spec({"/c": {"get": {"parameters": [{"name": "q", "in": "body"}], "responses": ok_response({"type": "string"})}}})
    write_spec(tmp_path, spec)
    assert main(["generate", str(tmp_path / "spec.yaml"), "-o", str(tmp_path / "out")]) == 2
    lines = capsys.readouterr().err.strip().splitlines()
    assert ": warning: invalid OpenAPI 3.1.0: " in lines[0] and lines[0].endswith("[#/paths/~1c/get/parameters/0]")
    assert lines[-1].endswith("spec.yaml: error: no SDK can be built from this spec (KeyError: 'content'); see the problems above")
    # A valid spec that breaks the build is a bug of sdkgen, and says so with a traceback.
    write_spec(tmp_path, minimal_spec({"/c": {"get": {"responses": ok_response({"type": "string"})}}}))
    with pytest.raises(KeyError):
        main(["generate", str(tmp_path / "spec.yaml"), "-o", str(tmp_path / "out")])
