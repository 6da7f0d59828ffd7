"""The shared strict type check fails on a package with a type error, so the fixture checks can fail."""

from __future__ import annotations

from pathlib import Path

from .typecheck import strict_type_check


def test_a_type_error_is_reported_by_both_checkers(tmp_path: Path) -> None:
    package = tmp_path / "broken_pkg"
    package.mkdir()
    (package / "__init__.py").write_text('count: int = "three"\n', encoding="utf-8")

    failures = strict_type_check([package])

    assert [f.split(":", 1)[0] for f in failures] == ["mypy --strict", "pyright strict"]
    assert all("count" in f or "three" in f or "str" in f for f in failures)
