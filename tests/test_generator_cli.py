"""The command line: generate, check, overrides, bad input, and what it writes."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from generator.cli import main
from generator.write import MANIFEST

from .spec_helpers import ROOT, minimal_spec, ok_response, run_sdkgen, write_spec



@pytest.fixture(autouse=True)
def _own_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Each test gets empty caches (black output, validated parts, run records)."""
    monkeypatch.setenv("SDKGEN_CACHE_DIR", str(tmp_path / "sdkgen-cache"))


PETS = minimal_spec(
    {
        "/pets": {
            "get": {
                "operationId": "pets.list",
                "responses": ok_response(
                    {"type": "array", "items": {"$ref": "#/components/schemas/Pet"}}
                ),
            }
        },
        "/pets/{petId}": {
            "get": {
                "operationId": "pets.retrieve",
                "parameters": [
                    {
                        "name": "petId",
                        "in": "path",
                        "required": True,
                        "schema": {"type": "string"},
                    }
                ],
                "responses": ok_response({"$ref": "#/components/schemas/Pet"}),
            }
        },
    },
    {
        "Pet": {
            "type": "object",
            "required": ["id"],
            "properties": {"id": {"type": "string"}, "petName": {"type": "string"}},
        }
    },
)


def test_check_passes_on_the_committed_sdk() -> None:
    result = run_sdkgen("check")
    assert result.returncode == 0, result.stderr
    assert "up to date" in result.stdout


def test_check_fails_naming_each_stale_file_when_the_spec_changes(
    tmp_path: Path,
) -> None:
    shutil.copytree(ROOT / "generated", tmp_path / "generated")
    spec = (ROOT / "spec" / "express.yaml").read_text(encoding="utf-8")
    changed = spec.replace(
        "Name of the Express customer to create", "Display name of the new customer"
    )
    (tmp_path / "express.yaml").write_text(changed, encoding="utf-8")
    code = main(
        [
            "check",
            str(tmp_path / "express.yaml"),
            "-o",
            str(tmp_path / "generated"),
            "--config",
            str(ROOT / "pyproject.toml"),
        ]
    )
    assert code == 1


def test_check_lists_stale_missing_and_extra_files(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    spec = write_spec(tmp_path, PETS)
    out = tmp_path / "out"
    assert (
        main(
            [
                "generate",
                str(spec),
                "-o",
                str(out),
                "--package",
                "pets",
                "--client",
                "Pets",
                "-q",
            ]
        )
        == 0
    )
    (out / "pets" / "_client.py").write_text("# edited\n")
    (out / "pets" / "types" / "pet.py").unlink()
    capsys.readouterr()
    assert (
        main(
            [
                "check",
                str(spec),
                "-o",
                str(out),
                "--package",
                "pets",
                "--client",
                "Pets",
            ]
        )
        == 1
    )
    err = capsys.readouterr().err
    assert f"stale: {out / 'pets' / '_client.py'}" in err
    assert f"missing: {out / 'pets' / 'types' / 'pet.py'}" in err


def test_generate_with_overrides_puts_the_package_in_output_slash_name(
    tmp_path: Path,
) -> None:
    spec = write_spec(tmp_path, PETS)
    assert (
        main(
            [
                "generate",
                str(spec),
                "-o",
                str(tmp_path / "out"),
                "--package",
                "petstore",
                "--client",
                "Petstore",
                "-q",
            ]
        )
        == 0
    )
    client = (tmp_path / "out" / "petstore" / "_client.py").read_text()
    assert "class Petstore(" in client
    assert (tmp_path / "out" / "petstore" / "resources" / "pets.py").is_file()


def test_second_generate_writes_nothing_and_keeps_mtimes(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    spec = write_spec(tmp_path, PETS)
    args = ["generate", str(spec), "-o", str(tmp_path / "out"), "--package", "pets"]
    assert main(args) == 0
    before = {
        p: p.stat().st_mtime_ns for p in (tmp_path / "out").rglob("*") if p.is_file()
    }
    capsys.readouterr()
    assert main(args) == 0
    assert "0 written, 0 removed" in capsys.readouterr().out
    assert {
        p: p.stat().st_mtime_ns for p in (tmp_path / "out").rglob("*") if p.is_file()
    } == before


def test_generate_removes_files_it_no_longer_produces_and_leaves_others_alone(
    tmp_path: Path,
) -> None:
    spec = write_spec(tmp_path, PETS)
    out = tmp_path / "out"
    assert main(["generate", str(spec), "-o", str(out), "--package", "pets", "-q"]) == 0
    (out / "pets" / "my_notes.txt").write_text("mine")
    (out / "README.user.md").write_text("mine too")
    smaller = {**PETS, "paths": {"/pets": PETS["paths"]["/pets"]}}
    write_spec(tmp_path, smaller)
    assert main(["generate", str(spec), "-o", str(out), "--package", "pets", "-q"]) == 0
    assert not (out / "pets" / "types" / "pet_retrieve_response.py").exists()
    assert (out / "pets" / "my_notes.txt").read_text() == "mine"
    assert (out / "README.user.md").read_text() == "mine too"
    assert "pets/types/pet_retrieve_response.py" not in (out / "pets" / MANIFEST).read_text()


def test_a_file_of_someone_else_in_the_way_is_never_replaced(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    spec = write_spec(tmp_path, PETS)
    out = tmp_path / "out"
    out.mkdir()
    (out / "README.md").write_text("my own readme\n")
    assert main(["generate", str(spec), "-o", str(out), "--package", "pets"]) == 2
    assert capsys.readouterr().err == f"{out / 'README.md'}: error: is in the way: sdkgen did not write it (no manifest lists it) and does not replace it; move it, then run again\n"
    assert sorted(p.name for p in out.iterdir()) == ["README.md"] and (out / "README.md").read_text() == "my own readme\n"
    # Moved away, the run goes through; a file that already reads as it would be written (here:
    # the package's, with its manifest lost) is taken over without a word.
    (out / "README.md").unlink()
    assert main(["generate", str(spec), "-o", str(out), "--package", "pets", "-q"]) == 0
    (out / "pets" / MANIFEST).unlink()
    assert main(["generate", str(spec), "-o", str(out), "--package", "pets", "-q"]) == 0
    assert (out / "pets" / MANIFEST).is_file()


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("openapi: 3.1.0\ninfo: [unclosed\n", "spec.yaml:3:1: error: not valid YAML or JSON"),
        ("swagger: '2.0'\ninfo: {}\n", "not an OpenAPI 3.x document"),
        ("- just\n- a list\n", "must be a mapping"),
    ],
)
def test_unreadable_specs_give_one_line_errors_and_exit_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], text: str, expected: str
) -> None:
    (tmp_path / "spec.yaml").write_text(text)
    assert (
        main(["generate", str(tmp_path / "spec.yaml"), "-o", str(tmp_path / "out")])
        == 2
    )
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and expected in err[0], err
    assert not (tmp_path / "out").exists()


def test_unknown_ref_names_file_line_and_pointer(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    spec = minimal_spec(
        {
            "/pets": {
                "get": {"responses": ok_response({"$ref": "#/components/schemas/Nope"})}
            }
        }
    )
    write_spec(tmp_path, spec)
    assert (
        main(["generate", str(tmp_path / "spec.yaml"), "-o", str(tmp_path / "out")])
        == 2
    )
    (line,) = capsys.readouterr().err.strip().splitlines()
    assert line.startswith("spec.yaml:") or "/spec.yaml:" in line
    assert "unknown $ref '#/components/schemas/Nope'" in line
    assert (
        "[#/paths/~1pets/get/responses/200/content/application~1json/schema/$ref]"
        in line
    )


def test_invalid_spec_is_reported_by_the_validator_with_its_location(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    spec = minimal_spec(
        {
            "/pets": {
                "get": {
                    "parameters": [
                        {"name": "q", "in": "body", "schema": {"type": "string"}}
                    ],
                    "responses": ok_response({"type": "string"}),
                }
            }
        }
    )
    write_spec(tmp_path, spec)
    assert (
        main(["generate", str(tmp_path / "spec.yaml"), "-o", str(tmp_path / "out"), "--strict"])
        == 2
    )
    err = capsys.readouterr().err
    assert (
        "'body' is not one of" in err and "[#/paths/~1pets/get/parameters/0/in]" in err
    )


def test_a_failed_run_leaves_the_previous_output_untouched(tmp_path: Path) -> None:
    spec = write_spec(tmp_path, PETS)
    out = tmp_path / "out"
    assert main(["generate", str(spec), "-o", str(out), "--package", "pets", "-q"]) == 0
    before = {p: p.read_bytes() for p in out.rglob("*") if p.is_file()}
    spec.write_text(
        spec.read_text().replace(
            "#/components/schemas/Pet", "#/components/schemas/Gone"
        )
    )
    assert main(["generate", str(spec), "-o", str(out), "--package", "pets", "-q"]) == 2
    assert {p: p.read_bytes() for p in out.rglob("*") if p.is_file()} == before


def test_bad_arguments_and_config_exit_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as exc:
        main(["generate", "--no-such-flag"])
    assert exc.value.code == 2
    config = tmp_path / "sdkgen.toml"
    config.write_text('[tool.sdkgen]\nspec = "x.yaml"\nflavour = "mint"\n')
    capsys.readouterr()
    assert main(["generate", "--config", str(config)]) == 2
    assert "unknown key [tool.sdkgen].flavour" in capsys.readouterr().err
    assert (
        main(["generate", str(tmp_path / "missing.yaml"), "-o", str(tmp_path / "o")])
        == 2
    )
    assert "cannot read the spec" in capsys.readouterr().err
    assert (
        main(["generate", str(tmp_path / "missing.yaml"), "--package", "not-valid"])
        == 2
    )
    assert "not a valid Python identifier" in capsys.readouterr().err


def test_generate_is_deterministic(tmp_path: Path) -> None:
    spec = ROOT / "spec" / "express.yaml"
    for name in ("a", "b"):
        assert (
            main(
                [
                    "generate",
                    str(spec),
                    "-o",
                    str(tmp_path / name),
                    "-q",
                    "--config",
                    str(ROOT / "pyproject.toml"),
                ]
            )
            == 0
        )
    files_a = {
        p.relative_to(tmp_path / "a"): p.read_bytes()
        for p in (tmp_path / "a").rglob("*")
        if p.is_file()
    }
    files_b = {
        p.relative_to(tmp_path / "b"): p.read_bytes()
        for p in (tmp_path / "b").rglob("*")
        if p.is_file()
    }
    assert files_a == files_b
