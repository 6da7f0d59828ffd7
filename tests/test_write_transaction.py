"""Writes are all or nothing: an interrupted or failed write leaves the previous tree, mtimes included."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

from generator import write as write_module
from generator.cli import main
from generator.write import TXN_DIR, Manifest, compare, recover, write

from .spec_helpers import ROOT, minimal_spec, ok_response, write_spec


@pytest.fixture(autouse=True)
def _own_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SDKGEN_CACHE_DIR", str(tmp_path / "cache"))


def _spec(resources: int, field: str = "name") -> dict[str, Any]:
    """`resources` resources with one GET each; renaming `field` changes every model file."""
    paths = {
        f"/r{i}": {
            "get": {
                "operationId": f"r{i}.retrieve",
                "responses": ok_response({"$ref": f"#/components/schemas/Thing{i}"}),
            }
        }
        for i in range(resources)
    }
    schemas = {
        f"Thing{i}": {
            "type": "object",
            "required": ["id"],
            "properties": {"id": {"type": "string"}, field: {"type": "string"}},
        }
        for i in range(resources)
    }
    return minimal_spec(paths, schemas)


def _snapshot(root: Path) -> dict[str, tuple[bytes, int]]:
    return {
        str(p.relative_to(root)): (p.read_bytes(), p.stat().st_mtime_ns)
        for p in root.rglob("*")
        if p.is_file() and "__pycache__" not in p.parts
    }


def _generate(spec: Path, out: Path) -> None:
    assert main(["generate", str(spec), "-o", str(out), "--package", "things", "-q"]) == 0


def _applying(process: subprocess.Popen[Any], out: Path) -> Path:
    """The journal of the write `process` makes into `out`, once it exists: the apply step has begun."""
    journal = out / TXN_DIR / "journal.json"
    deadline = time.monotonic() + 60
    while not journal.exists():
        assert process.poll() is None, "the write finished before the apply step could be caught"
        assert time.monotonic() < deadline
        time.sleep(0.005)
    return journal


def test_sigkill_during_the_apply_step_is_rolled_back_to_the_previous_tree(tmp_path: Path) -> None:
    old_spec = write_spec(tmp_path, _spec(6), "old.yaml")
    new_spec = write_spec(tmp_path, _spec(4, field="title"), "new.yaml")  # changes, creates nothing, removes 2
    out = tmp_path / "out"
    _generate(old_spec, out)
    (out / "things" / "my_notes.txt").write_text("mine")
    before = _snapshot(out)

    env = {
        "PYTHONPATH": str(ROOT),
        "PATH": "/usr/bin:/bin",
        "SDKGEN_CACHE_DIR": str(tmp_path / "cache"),
        "SDKGEN_TEST_WRITE_STEP_DELAY": "0.05",
    }
    process = subprocess.Popen(
        [sys.executable, "-m", "generator", "generate", str(new_spec), "-o", str(out), "--package", "things", "-q"],
        env=env,
    )
    journal = _applying(process, out)
    time.sleep(0.3)  # several renames done, several to go
    os.kill(process.pid, signal.SIGKILL)
    process.wait()

    # The kill really left a half-replaced tree behind ...
    assert journal.exists()
    assert _snapshot(out) != before
    # ... which the next run (even a `check`) rolls back before anything else.
    assert main(["check", str(old_spec), "-o", str(out), "--package", "things", "-q"]) == 0
    assert _snapshot(out) == before
    assert not (out / TXN_DIR).exists()
    # And the interrupted generation can simply be run again.
    _generate(new_spec, out)
    assert main(["check", str(new_spec), "-o", str(out), "--package", "things", "-q"]) == 0
    assert (out / "things" / "my_notes.txt").read_text() == "mine"


def test_runs_into_one_output_at_once_take_turns(tmp_path: Path) -> None:
    out = tmp_path / "out"
    _generate(write_spec(tmp_path, _spec(6), "v1.yaml"), out)
    v2, v3 = write_spec(tmp_path, _spec(6, field="title"), "v2.yaml"), write_spec(tmp_path, _spec(5, field="label"), "v3.yaml")
    env = {"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin", "SDKGEN_CACHE_DIR": str(tmp_path / "cache")}
    command = [sys.executable, "-m", "generator", "generate", "-o", str(out), "--package", "things"]
    slow = subprocess.Popen([*command, str(v2)], env={**env, "SDKGEN_TEST_WRITE_STEP_DELAY": "0.05"}, stderr=subprocess.PIPE, text=True)
    _applying(slow, out)
    # The second run starts while the first is halfway through replacing the tree: it must not
    # take that write for an interrupted one (and roll it back under its feet), nor read the mix.
    second = subprocess.run([*command, str(v3)], env=env, capture_output=True, text=True, timeout=120)
    _, slow_err = slow.communicate(timeout=120)
    assert (slow.returncode, slow_err) == (0, "")
    assert (second.returncode, second.stderr) == (0, "")
    assert main(["check", str(v3), "-o", str(out), "--package", "things", "-q"]) == 0
    assert not (out / TXN_DIR).exists()


def test_sigkill_before_the_journal_leaves_the_tree_untouched(tmp_path: Path) -> None:
    files = {"pkg/a.py": "a = 1\n", "pkg/b.py": "b = 1\n"}
    out = tmp_path / "out"
    write(files, out)
    before = _snapshot(out)
    # What a kill during the prepare step leaves: staged files, no journal.
    (out / TXN_DIR / "new" / "pkg").mkdir(parents=True)
    (out / TXN_DIR / "new" / "pkg" / "a.py").write_text("a = 2\n")
    assert _snapshot(out) == {**before, f"{TXN_DIR}/new/pkg/a.py": _snapshot(out)[f"{TXN_DIR}/new/pkg/a.py"]}
    assert recover(out)
    assert _snapshot(out) == before


def test_an_exception_midway_restores_every_file_at_once(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    out = tmp_path / "out"
    old = _with_manifest({f"pkg/m{i}.py": f"x = {i}\n" for i in range(6)})
    write(old, out)
    before = _snapshot(out)
    new = _with_manifest({**{f"pkg/m{i}.py": f"x = {i + 10}\n" for i in range(4)}, "pkg/sub/new.py": "y = 1\n"})
    real_replace = os.replace
    calls = 0

    def failing_replace(src: Any, dst: Any) -> None:
        nonlocal calls
        calls += 1
        if calls == 5:
            raise OSError("disk full")
        real_replace(src, dst)

    monkeypatch.setattr(write_module.os, "replace", failing_replace)
    with pytest.raises(OSError, match="disk full"):
        write(new, out)
    monkeypatch.setattr(write_module.os, "replace", real_replace)
    assert _snapshot(out) == before
    assert not (out / "pkg" / "sub").exists()
    assert not (out / TXN_DIR).exists()


def test_a_write_that_fails_is_one_error_line_and_exit_2_with_the_tree_as_it_was(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "out"
    _generate(write_spec(tmp_path, _spec(3)), out)
    before = _snapshot(out)
    spec = write_spec(tmp_path, _spec(3, field="title"))
    real_replace = os.replace

    def disk_full(src: Any, dst: Any) -> None:
        # A disk that fills up midway through the apply step (no test machine can be made to
        # have one): the third file moved aside fails, after two were replaced already.
        moved_aside = out / TXN_DIR / "old"
        if Path(dst).is_relative_to(moved_aside) and sum(1 for _ in moved_aside.rglob("*.py")) == 2:
            raise OSError(28, "No space left on device", str(dst))
        real_replace(src, dst)

    monkeypatch.setattr(write_module.os, "replace", disk_full)
    assert main(["generate", str(spec), "-o", str(out), "--package", "things"]) == 2
    err = capsys.readouterr().err
    assert err == f"{out}: error: cannot write the output: No space left on device; its files are as they were\n"
    monkeypatch.setattr(write_module.os, "replace", real_replace)
    assert _snapshot(out) == before


@pytest.mark.parametrize("command", ["generate", "check"])
def test_an_output_that_is_a_file_is_an_error_naming_it(tmp_path: Path, capsys: pytest.CaptureFixture[str], command: str) -> None:
    (tmp_path / "out").write_text("mine\n")
    assert main([command, str(write_spec(tmp_path, _spec(1))), "-o", str(tmp_path / "out")]) == 2
    assert capsys.readouterr().err == f"{tmp_path / 'out'}: error: the output must be a directory, and this is a file\n"
    assert (tmp_path / "out").read_text() == "mine\n"


def test_recovery_can_itself_be_interrupted_and_repeated(tmp_path: Path) -> None:
    out = tmp_path / "out"
    write({"pkg/a.py": "a = 1\n", "pkg/b.py": "b = 1\n"}, out)
    before = _snapshot(out)
    txn = out / TXN_DIR
    # A journal whose apply step replaced a.py and created c.py, then died.
    (txn / "old" / "pkg").mkdir(parents=True)
    os.replace(out / "pkg" / "a.py", txn / "old" / "pkg" / "a.py")
    (out / "pkg" / "a.py").write_text("a = 2\n")
    (out / "pkg" / "c.py").write_text("c = 1\n")
    (txn / "new").mkdir()
    (txn / "journal.json").write_text('{"create": ["pkg/c.py"], "replace": ["pkg/a.py"], "remove": []}')
    assert compare({"pkg/a.py": "a = 1\n"}, out).stale == ("pkg/a.py",)
    assert recover(out)
    assert _snapshot(out) == before
    assert not recover(out)


def _with_manifest(files: dict[str, str]) -> dict[str, str]:
    manifest = Manifest.empty("pkg")
    return {**files, manifest.path: Manifest.text_of(set(files), "pkg", {})}


def test_files_as_the_last_run_left_them_are_not_read_again(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from generator import record
    from generator.config import resolve_config

    spec = write_spec(tmp_path, _spec(3))
    out = tmp_path / "out"
    assert main(["generate", str(spec), "-o", str(out), "--package", "things", "-q"]) == 0
    config = resolve_config(spec=str(spec), output=str(out), package="things", client=None, config_file=None, cwd=tmp_path)
    last = record.read(config)
    assert last is not None
    assert set(last.files) == {str(p.relative_to(out)) for p in out.rglob("*") if p.is_file()}
    reads: list[Path] = []
    monkeypatch.setattr(record, "open", lambda path, mode: reads.append(Path(path)) or open(path, mode), raising=False)
    assert last.current(config) and reads == []
    # Edited: its mtime moved, so it is read and found changed.
    edited = out / "things" / "_version.py"
    edited.write_text(edited.read_text(encoding="utf-8") + "# edited\n", encoding="utf-8")
    assert not last.current(config) and reads == [edited]
    # Touched but not changed: read, and found equal.
    edited.write_text(edited.read_text(encoding="utf-8").removesuffix("# edited\n"), encoding="utf-8")
    reads.clear()
    assert last.current(config) and reads == [edited]
