"""The generator's own code type-checks under mypy --strict, as the code it generates does."""

from __future__ import annotations

import subprocess
import sys

from .spec_helpers import ROOT


def test_mypy_strict_is_clean_on_the_generator() -> None:
    checked = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "generator"], cwd=ROOT, capture_output=True, text=True, timeout=300
    )
    assert checked.returncode == 0, checked.stdout + checked.stderr
