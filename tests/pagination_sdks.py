"""The SDK of tests/fixtures/specs/pagination.yaml (every pagination style), as the tests use it.

Its generated output is committed as a golden record in tests/fixtures/golden/pagination/
(test_pagination_golden.py keeps it exact); the tests import the `paginated` package from there.
To refresh it after a deliberate change: `.venv/bin/python tests/fixtures/refresh_golden.py`.
"""

from __future__ import annotations

import importlib
import sys
from types import ModuleType

from .spec_helpers import ROOT

SPEC = ROOT / "tests" / "fixtures" / "specs" / "pagination.yaml"
GOLDEN = ROOT / "tests" / "fixtures" / "golden" / "pagination"
PACKAGE = "paginated"
CLIENT = "Paginated"


def paginated() -> ModuleType:
    """The `paginated` package of the golden record, imported."""
    if str(GOLDEN) not in sys.path:
        sys.path.insert(0, str(GOLDEN))
    return importlib.import_module(PACKAGE)
