"""Every command of the command line, its output and its exit code (0 ok, 1 check/breaking, 2 bad input)."""

from __future__ import annotations

import json
import os
import pty
import re
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

from generator.cli import main
from generator.config import resolve_config
from generator.engine import generate

from .spec_helpers import ROOT, imported, minimal_spec, ok_response, write_spec


@pytest.fixture(autouse=True)
def _own_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SDKGEN_CACHE_DIR", str(tmp_path / "cache"))


def _pets(extra_props: dict[str, Any] | None = None, status: list[str] | None = None, list_params: list[Any] | None = None) -> dict[str, Any]:
    return minimal_spec(
        {
            "/pets": {
                "get": {
                    "operationId": "listPets",
                    "parameters": list_params or [{"name": "cursor", "in": "query", "schema": {"type": "string"}}],
                    "responses": ok_response(
                        {
                            "type": "object",
                            "properties": {
                                "items": {"type": "array", "items": {"$ref": "#/components/schemas/Pet"}},
                                "next": {"type": ["string", "null"]},
                            },
                        }
                    ),
                }
            },
            "/pets/{petId}": {
                "get": {
                    "operationId": "pets.retrieve",
                    "parameters": [{"name": "petId", "in": "path", "required": True, "schema": {"type": "string"}}],
                    "responses": ok_response({"$ref": "#/components/schemas/Pet"}),
                }
            },
        },
        {
            "Pet": {
                "type": "object",
                "required": ["id"],
                "properties": {
                    "id": {"type": "string"},
                    "status": {"type": "string", "enum": status or ["available", "sold"]},
                    **(extra_props or {}),
                },
            }
        },
    )


def _run(*args: str, cwd: Path = ROOT, **popen: Any) -> subprocess.CompletedProcess[str]:
    env = {"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin", "SDKGEN_CACHE_DIR": os.environ["SDKGEN_CACHE_DIR"]}
    return subprocess.run([sys.executable, "-m", "generator", *args], cwd=cwd, capture_output=True, text=True, env=env, timeout=120)


# -- --help, -q, -v, progress -------------------------------------------------------------------


def test_help_lists_every_command_with_examples_and_exit_codes(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exc:
        main(["--help"])
    assert exc.value.code == 0
    out = capsys.readouterr().out
    for command in ("generate", "check", "validate", "diff"):
        assert f"sdkgen {command}" in out
    assert "exit codes: 0 ok; 1" in out
    with pytest.raises(SystemExit):
        main(["diff", "--help"])
    assert "OLD_SPEC NEW_SPEC" in capsys.readouterr().out


def test_verbose_prints_the_time_of_each_stage(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    spec = write_spec(tmp_path, _pets())
    assert main(["generate", str(spec), "-o", str(tmp_path / "out"), "--package", "pets", "-v"]) == 0
    err = capsys.readouterr().err
    for stage in ("load", "build", "render", "format", "write", "total"):
        assert f"\n  {stage} " in "\n" + err, stage
    # The OpenAPI validator runs only when its findings are errors.
    assert "\n  validate " not in "\n" + err
    assert main(["generate", str(spec), "-o", str(tmp_path / "out2"), "--package", "pets", "-v", "--strict"]) == 0
    assert "\n  validate " in "\n" + capsys.readouterr().err


def test_the_summary_counts_paginated_lists_and_verbose_names_their_style(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    spec = write_spec(tmp_path, _pets())
    assert main(["generate", str(spec), "-o", str(tmp_path / "out"), "--package", "pets"]) == 0
    assert "; 1 paginated list (1 detected from their shape, 0 declared; -v lists them)" in capsys.readouterr().out
    assert main(["generate", str(spec), "-o", str(tmp_path / "out2"), "--package", "pets", "-v"]) == 0
    assert "  pets.list returns SyncCursorItems (cursor pages, detected from its shape)" in capsys.readouterr().err


def test_quiet_success_prints_nothing(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    spec = write_spec(tmp_path, _pets())
    assert main(["generate", str(spec), "-o", str(tmp_path / "out"), "--package", "pets", "-q"]) == 0
    assert main(["check", str(spec), "-o", str(tmp_path / "out"), "--package", "pets", "-q"]) == 0
    assert capsys.readouterr() == ("", "")


def test_progress_is_shown_on_a_terminal_and_never_in_a_pipe(tmp_path: Path) -> None:
    spec = write_spec(tmp_path, _pets())
    piped = _run("generate", str(spec), "-o", str(tmp_path / "a"), "--package", "pets")
    assert piped.returncode == 0 and piped.stderr == ""
    leader, follower = pty.openpty()
    env = {"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin", "SDKGEN_CACHE_DIR": os.environ["SDKGEN_CACHE_DIR"]}
    process = subprocess.Popen(
        [sys.executable, "-m", "generator", "generate", str(spec), "-o", str(tmp_path / "b"), "--package", "pets"],
        stderr=follower, stdout=subprocess.DEVNULL, env=env,
    )
    os.close(follower)
    shown = b""
    while True:
        try:
            chunk = os.read(leader, 4096)
        except OSError:
            break
        if not chunk:
            break
        shown += chunk
    assert process.wait(timeout=120) == 0
    os.close(leader)
    assert b"[1/6] load" in shown and b"[5/6] format" in shown
    assert shown.endswith(b"\r\x1b[K")  # the status line is erased at the end


def test_the_command_exits_with_mains_code_after_everything_it_printed(tmp_path: Path) -> None:
    """`python -m generator` (and `sdkgen`) exits without tearing down its objects: nothing printed may be lost."""
    spec = write_spec(tmp_path, _pets())
    out = tmp_path / "out"
    generated = _run("generate", str(spec), "-o", str(out), "--package", "pets")
    assert generated.returncode == 0
    assert generated.stdout.startswith(f"{out}/pets: ") and generated.stdout.endswith("-v lists them)\n")
    (out / "pets" / "_version.py").write_text("edited\n", encoding="utf-8")
    checked = _run("check", str(spec), "-o", str(out), "--package", "pets", "--diff")
    assert checked.returncode == 1
    assert "+edited" not in checked.stdout and "-edited" in checked.stdout
    assert checked.stderr.rstrip().endswith("run `sdkgen generate`")
    assert _run("generate", str(tmp_path / "missing.yaml"), "-o", str(out)).returncode == 2


# -- generate / check -----------------------------------------------------------------------------


def test_check_diff_shows_unified_diffs_of_stale_and_missing_files(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    spec = write_spec(tmp_path, _pets())
    out = tmp_path / "out"
    assert main(["generate", str(spec), "-o", str(out), "--package", "pets", "-q"]) == 0
    client = out / "pets" / "_client.py"
    client.write_text(client.read_text().replace("class Pets(", "class Cats("))
    capsys.readouterr()
    assert main(["check", str(spec), "-o", str(out), "--package", "pets", "--diff"]) == 1
    captured = capsys.readouterr()
    assert "--- a/pets/_client.py\n+++ b/pets/_client.py\n" in captured.out
    assert "-class Cats(" in captured.out and "+class Pets(" in captured.out
    assert f"stale: {client}" in captured.err


def test_an_unchanged_second_run_is_skipped_but_a_hand_edit_is_still_caught(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    spec = write_spec(tmp_path, _pets())
    args = [str(spec), "-o", str(tmp_path / "out"), "--package", "pets"]
    assert main(["generate", *args]) == 0
    capsys.readouterr()
    assert main(["generate", *args]) == 0
    assert "; inputs unchanged since the last run" in capsys.readouterr().out
    (tmp_path / "out" / "pets" / "_client.py").write_text("# edited\n")
    assert main(["check", *args]) == 1
    write_spec(tmp_path, _pets({"age": {"type": "integer"}}))
    capsys.readouterr()
    assert main(["generate", *args]) == 0
    assert "inputs unchanged" not in capsys.readouterr().out
    assert "age: Optional[int]" in (tmp_path / "out" / "pets" / "types" / "pet.py").read_text()


def test_black_runs_only_on_a_file_with_a_long_line_and_never_again_for_the_same_render(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from generator.engine import Run

    # A field whose name and type are too long to share a line, and that black splits in a way
    # the templates do not (inside the type, before the default).
    spec = _pets({"aPropertyNameLongEnoughToFillMostOfTheLineByItselfAlone": {"type": "string", "enum": ["first", "second"]}})
    write_spec(tmp_path, spec)
    config = resolve_config(spec=str(tmp_path / "spec.yaml"), output=str(tmp_path / "out"), package="pets", client=None, config_file=None, cwd=tmp_path)
    first = Run(config).generate()
    assert first.formatted == 1, "only the Pet model has a line the templates could not break"
    manifest = (tmp_path / "out" / "pets" / ".sdkgen-manifest").read_text()
    assert [line.split("\t")[0] for line in manifest.splitlines() if "\t" in line] == ["pets/types/pet.py"]
    # A fresh clone: no user cache, yet the manifest says what black made of that render.
    monkeypatch.setenv("SDKGEN_CACHE_DIR", str(tmp_path / "fresh-cache"))
    fresh = Run(config).check()
    assert fresh.changes.clean and fresh.formatted == 0 and fresh.rendered == first.rendered
    # The file edited by hand: black runs again, and the edit is caught.
    model = tmp_path / "out" / "pets" / "types" / "pet.py"
    model.write_text(model.read_text() + "# edited\n")
    monkeypatch.setenv("SDKGEN_CACHE_DIR", str(tmp_path / "another-cache"))
    edited = Run(config).check()
    assert edited.changes.stale == ("pets/types/pet.py",) and edited.formatted == 1


# -- validate ------------------------------------------------------------------------------------


def test_validate_reports_every_problem_in_one_run_with_locations(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    spec = _pets({"kind": {"oneOf": [{"type": "string"}, {"type": "integer"}], "discriminator": {"propertyName": "x"}}})
    spec["paths"]["/pets"]["get"]["parameters"].append({"name": "q", "in": "body", "schema": {"type": "string"}})
    spec["paths"]["/pets/{petId}"]["get"]["parameters"].append({"name": "limit", "in": "nowhere", "schema": {"type": "string"}})
    write_spec(tmp_path, spec)
    assert main(["validate", str(tmp_path / "spec.yaml"), "--strict"]) == 2
    captured = capsys.readouterr()
    lines = captured.err.strip().splitlines()
    errors = [line for line in lines if ": error: " in line]
    warnings = [line for line in lines if ": warning: " in line]
    assert len(errors) == 2, lines
    assert any("[#/paths/~1pets/get/parameters/1/in]" in line for line in errors)
    assert any("[#/paths/~1pets~1{petId}/get/parameters/1/in]" in line for line in errors)
    assert any("`discriminator` is ignored" in line and "[#/components/schemas/Pet/properties/kind/discriminator]" in line for line in warnings)
    for line in lines:
        file, row, column, rest = line.split(":", 3)
        assert file.endswith("spec.yaml") and int(row) > 0 and int(column) > 0, line
    assert "invalid (2 errors, 3 warnings)" in captured.out


def test_validate_a_good_spec_exits_0_and_bad_yaml_exits_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["validate", str(ROOT / "spec" / "express.yaml")]) == 0
    assert "valid (0 errors" in capsys.readouterr().out
    (tmp_path / "broken.yaml").write_text("openapi: 3.1.0\npaths: {\n")
    assert main(["validate", str(tmp_path / "broken.yaml"), "-q"]) == 2
    (line,) = capsys.readouterr().err.strip().splitlines()
    assert ": error: not valid YAML or JSON" in line and line.count(":") >= 3


# -- diff ----------------------------------------------------------------------------------------


def test_diff_of_identical_specs_exits_0_with_no_bump(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    old = write_spec(tmp_path, _pets(), "old.yaml")
    assert main(["diff", str(old), str(old)]) == 0
    assert "No changes" in capsys.readouterr().out


def test_diff_of_an_additive_change_exits_0_and_says_minor(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    old = write_spec(tmp_path, _pets(), "old.yaml")
    new = write_spec(tmp_path, _pets({"age": {"type": "integer"}}), "new.yaml")
    assert main(["diff", str(old), str(new)]) == 0
    out = capsys.readouterr().out
    assert "**Semver: minor** (0 breaking, 1 additive)" in out
    assert "- `Pet.age`: new optional field `int`" in out


def test_diff_of_a_breaking_change_exits_1_and_json_lists_it(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    old = write_spec(tmp_path, _pets(), "old.yaml")
    new = write_spec(tmp_path, _pets(list_params=[{"name": "cursor", "in": "query", "required": True, "schema": {"type": "string"}}]), "new.yaml")
    assert main(["diff", str(old), str(new), "--json"]) == 1
    report = json.loads(capsys.readouterr().out)
    assert report["bump"] == "major"
    assert {"kind": "breaking", "category": "param", "subject": "client.pets.list", "message": "parameter `cursor` becomes required"} in report["changes"]
    assert main(["diff", str(old), str(new), "-o", str(tmp_path / "report.md")]) == 1
    assert "### Breaking" in (tmp_path / "report.md").read_text()


def test_diff_with_a_bad_spec_exits_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    old = write_spec(tmp_path, _pets(), "old.yaml")
    (tmp_path / "new.yaml").write_text("openapi: 3.1.0\ninfo: [\n")
    assert main(["diff", str(old), str(tmp_path / "new.yaml")]) == 2
    assert "not valid YAML or JSON" in capsys.readouterr().err


# -- configuration -------------------------------------------------------------------------------


def _pyproject(tmp_path: Path, body: str) -> Path:
    write_spec(tmp_path, _pets())
    path = tmp_path / "pyproject.toml"
    path.write_text('[tool.sdkgen]\nspec = "spec.yaml"\noutput = "out"\npackage = "pets"\n' + body)
    return path


def test_config_declares_pagination_and_renames_methods_and_classes(tmp_path: Path) -> None:
    config = _pyproject(
        tmp_path,
        '[tool.sdkgen.pagination]\nlistPets = { items = "items", cursor = "next" }\n'
        '[tool.sdkgen.names.operations]\n"GET /pets" = "animals.list_all"\n'
        '[tool.sdkgen.names.schemas]\nPet = "Animal"\n'
        '[tool.sdkgen.names.responses]\n"pets.retrieve" = "PetDetails"\n',
    )
    assert main(["generate", "--config", str(config), "-q"]) == 0
    resource = (tmp_path / "out" / "pets" / "resources" / "animals.py").read_text()
    assert "def list_all(" in resource
    assert ") -> SyncCursorItems[Animal]:" in resource
    assert "class Animal(" in (tmp_path / "out" / "pets" / "types" / "animal.py").read_text()
    pets = (tmp_path / "out" / "pets" / "resources" / "pets.py").read_text()
    assert ") -> PetDetails:" in pets
    assert "class PetDetails(Animal):" in (tmp_path / "out" / "pets" / "types" / "pet_details.py").read_text()


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ('[tool.sdkgen.pagination]\nlistPets = { items = "items", page_size = "n" }\n', "[tool.sdkgen.pagination].listPets.page_size: unknown key (known: cursor, cursor_param, has_more, items, style)"),
        ('[tool.sdkgen.pagination]\nlistPets = { style = "offset", cursor = "next" }\n', "[tool.sdkgen.pagination].listPets.cursor: unknown key for style 'offset'"),
        ('[tool.sdkgen.pagination]\nlistPets = { items = "items", style = "seek" }\n', "[tool.sdkgen.pagination].listPets.style: 'seek' is not a pagination style"),
        ('[tool.sdkgen.pagination]\nlistPets = { style = "page", first_page = "0" }\n', "[tool.sdkgen.pagination].listPets.first_page: must be an integer"),
        ('[tool.sdkgen.names.operations]\nlistPets = "list-all"\n', "[tool.sdkgen.names.operations].listPets must be a method name"),
        ('[tool.sdkgen.names]\nfields = { a = "b" }\n', "unknown key [tool.sdkgen.names].fields (known: operations, schemas, responses)"),
        ('[tool.sdkgen.names.responses]\nlistPets = "Pet Page"\n', "[tool.sdkgen.names.responses].listPets must be a class name made of Python identifiers"),
        ('base_url = 3\n', "[tool.sdkgen].base_url must be a non-empty string"),
    ],
)
def test_bad_config_values_exit_2_naming_the_key(tmp_path: Path, capsys: pytest.CaptureFixture[str], body: str, message: str) -> None:
    config = _pyproject(tmp_path, body) if not body.startswith("base_url") else None
    if config is None:
        write_spec(tmp_path, _pets())
        config = tmp_path / "pyproject.toml"
        config.write_text('[tool.sdkgen]\nspec = "spec.yaml"\n' + body)
    assert main(["generate", "--config", str(config)]) == 2
    assert message in capsys.readouterr().err


@pytest.mark.parametrize(
    ("flags", "body", "expected"),
    [
        (["--package", "bad-name"], "", "<command line>: error: --package 'bad-name' is not a valid Python identifier"),
        (["--client", "Two Words"], "", "<command line>: error: --client 'Two Words' is not a valid Python identifier"),
        ([], 'client = "for"\n', "pyproject.toml: error: [tool.sdkgen].client 'for' is not a valid Python identifier"),
        ([], 'env_prefix = "MY-API"\n', "pyproject.toml: error: [tool.sdkgen].env_prefix 'MY-API' is not a valid Python identifier"),
    ],
)
def test_a_bad_name_is_reported_where_it_was_given_and_only_once(tmp_path: Path, capsys: pytest.CaptureFixture[str], flags: list[str], body: str, expected: str) -> None:
    config = _pyproject(tmp_path, body)
    assert main(["generate", "--config", str(config), *flags]) == 2
    err = capsys.readouterr().err
    # One line: the client and the env-var prefix made from a bad package name are not reported again.
    assert err.count("error:") == 1, err
    assert expected in err


@pytest.mark.parametrize("command", ["generate", "check", "validate"])
def test_every_command_exits_2_on_a_spec_that_is_not_openapi(tmp_path: Path, capsys: pytest.CaptureFixture[str], command: str) -> None:
    (tmp_path / "spec.yaml").write_text("swagger: '2.0'\ninfo: {}\n")
    assert main([command, str(tmp_path / "spec.yaml"), "-o", str(tmp_path / "out")]) == 2
    assert "not an OpenAPI 3.x document" in capsys.readouterr().err
    assert not (tmp_path / "out").exists()


def test_a_spec_without_operations_gives_a_working_client_and_a_warning(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    spec = write_spec(tmp_path, minimal_spec({}, {"Pet": {"type": "object"}}))
    assert main(["generate", str(spec), "-o", str(tmp_path / "out"), "--package", "empty"]) == 0
    assert "spec.yaml:7:8: warning: the spec has no operations: the SDK is a client without resources or methods [#/paths]" in capsys.readouterr().err
    with imported(tmp_path / "out", "empty") as package:
        client = package.Empty(base_url="http://127.0.0.1:9")
        assert client.with_raw_response is not None and client.with_streaming_response is not None
        client.close()


def test_ctrl_c_during_a_write_rolls_it_back_and_says_so_in_one_line(tmp_path: Path) -> None:
    path = write_spec(tmp_path, _pets())
    out = tmp_path / "out"
    env = {**os.environ, "PYTHONPATH": str(ROOT), "SDKGEN_CACHE_DIR": str(tmp_path / "cache"), "SDKGEN_TEST_WRITE_STEP_DELAY": "0.05"}
    process = subprocess.Popen(
        [sys.executable, "-m", "generator", "generate", str(path), "-o", str(out), "--package", "pets"],
        env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True,
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),  # as a shell starts a foreground job
    )
    deadline = time.monotonic() + 60
    while not any(out.rglob("*.py")):  # the apply step has begun
        assert process.poll() is None and time.monotonic() < deadline, "the run ended before it could be interrupted"
        time.sleep(0.01)
    os.killpg(process.pid, signal.SIGINT)  # what Ctrl-C sends: to the terminal's foreground group
    _out, err = process.communicate(timeout=60)
    assert (process.returncode, err) == (130, "sdkgen: interrupted; nothing was changed\n")
    assert not any(out.rglob("*.py"))
    assert not (out / ".sdkgen-txn").exists()
