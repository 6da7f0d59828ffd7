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
from generator.pipeline import generate

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
    for stage in ("load", "validate", "build", "render", "format", "write", "total"):
        assert f"\n  {stage} " in "\n" + err, stage


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
    assert "(inputs unchanged since the last run)" in capsys.readouterr().out
    (tmp_path / "out" / "pets" / "_client.py").write_text("# edited\n")
    assert main(["check", *args]) == 1
    write_spec(tmp_path, _pets({"age": {"type": "integer"}}))
    capsys.readouterr()
    assert main(["generate", *args]) == 0
    assert "(inputs unchanged" not in capsys.readouterr().out
    assert "age: Optional[int]" in (tmp_path / "out" / "pets" / "types" / "pet.py").read_text()


def test_black_runs_only_on_files_whose_rendering_changed(tmp_path: Path) -> None:
    spec = write_spec(tmp_path, _pets())
    config = resolve_config(spec=str(spec), output=str(tmp_path / "out"), package="pets", client=None, config_file=None, cwd=tmp_path)
    first = generate(config)
    assert first.formatted > 10
    assert generate(config).formatted == 0
    write_spec(tmp_path, _pets({"age": {"type": "integer"}}))
    third = generate(config)
    assert 0 < third.formatted < first.formatted


def test_formatting_in_worker_processes_gives_the_same_files(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from generator import format as format_module

    if format_module.cores() < 2:
        pytest.skip("one core: black always runs in this process")
    spec = write_spec(tmp_path, _pets())
    config = resolve_config(spec=str(spec), output=str(tmp_path / "out"), package="pets", client=None, config_file=None, cwd=tmp_path)
    with monkeypatch.context() as one_core:
        one_core.setattr(format_module, "cores", lambda: 1)
        here = generate(config)
    assert here.formatted == len([path for path in here.files if path.endswith(".py")])
    # A few files: the one worker started at once formats them all.
    monkeypatch.setenv("SDKGEN_CACHE_DIR", str(tmp_path / "cache2"))
    few = generate(config)
    assert few.files == here.files and few.formatted == here.formatted
    # Many files: a worker per core, each with its share.
    monkeypatch.setenv("SDKGEN_CACHE_DIR", str(tmp_path / "cache3"))
    monkeypatch.setattr(format_module, "_POOL_THRESHOLD", 2)
    many = generate(config)
    assert many.files == here.files and many.formatted == here.formatted


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
        client = package.Empty(api_key="k", base_url="http://127.0.0.1:9")
        assert client.with_raw_response is not None and client.with_streaming_response is not None
        client.close()


def _processes_below(pid: int) -> dict[int, int]:
    """Each live process below `pid`, with its parent (from /proc)."""
    table: dict[int, tuple[int, str]] = {}  # pid → (parent, state)
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            state, parent = (entry / "stat").read_text().rsplit(")", 1)[1].split()[:2]
        except (OSError, ValueError):
            continue
        table[int(entry.name)] = (int(parent), state)
    below: dict[int, int] = {}
    frontier = {pid}
    while frontier:
        frontier = {child for child, (parent, _state) in table.items() if parent in frontier and child not in below}
        below.update({child: table[child][0] for child in frontier})
    return {child: parent for child, parent in below.items() if table[child][1] != "Z"}


@pytest.mark.skipif(not Path("/proc/self/stat").exists() or len(os.sched_getaffinity(0)) < 2, reason="reads the process tree from /proc; needs helpers")
def test_ctrl_c_stops_every_helper_and_says_so_in_one_line(tmp_path: Path) -> None:
    # Enough parts that the validator runs in a process of its own, with workers of its own.
    spec = minimal_spec(
        {f"/things{i}": {"get": {"operationId": f"things{i}.list", "responses": ok_response({"$ref": f"#/components/schemas/Thing{i}"})}} for i in range(120)},
        {f"Thing{i}": {"type": "object", "properties": {"id": {"type": "string"}, "n": {"type": "integer", "default": i}}} for i in range(120)},
    )
    path = write_spec(tmp_path, spec)
    out = tmp_path / "out"
    env = {**os.environ, "PYTHONPATH": str(ROOT), "SDKGEN_CACHE_DIR": str(tmp_path / "cache")}
    process = subprocess.Popen(
        [sys.executable, "-m", "generator", "generate", str(path), "-o", str(out), "--package", "things"],
        env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True,
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),  # as a shell starts a foreground job
    )
    deadline = time.monotonic() + 60
    helpers = _processes_below(process.pid)
    while all(parent == process.pid for parent in helpers.values()):  # until the validator's workers run
        assert process.poll() is None and time.monotonic() < deadline, "the run ended before it could be interrupted"
        time.sleep(0.01)
        helpers = _processes_below(process.pid)
    os.killpg(process.pid, signal.SIGINT)  # what Ctrl-C sends: to the terminal's foreground group
    _out, err = process.communicate(timeout=60)
    assert (process.returncode, err) == (130, "sdkgen: interrupted; nothing was changed\n")
    deadline = time.monotonic() + 10
    while set(_processes_below(1)) & set(helpers):  # orphans would now be below init
        assert time.monotonic() < deadline, "a helper process outlived the interrupted run"
        time.sleep(0.05)
    assert not any(out.rglob("*.py"))
