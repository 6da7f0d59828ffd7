"""The tests sdkgen writes beside each SDK (tests/api_resources/, see generator/testgen.py) pass
against Prism serving the SDK's spec, and are skipped without a mock server.

Each fixture SDK's generated tests run from its committed output (the golden record, or generated/
for Express), in a pytest of their own, all at once; their results are read from a JUnit report.
That they type-check is tests/typecheck.py (a strict check of a package checks its tests too);
that they run from an installed package is tests/test_distribution.py.
"""

from __future__ import annotations

import dataclasses
import os
import subprocess
import sys
import xml.etree.ElementTree as ElementTree
from pathlib import Path
from typing import Dict, Iterator, List, Optional, Tuple

import pytest

from generator import testgen

from .fixture_sdks import FIXTURE_SDKS, PRISM_NO_OBJECT_EVENTS, PRISM_NO_ROUTE, PrismPool, fixture_names

# Tests that fail for a defect outside them, by (SDK, test module, test): each must still fail
# with that message (the test says when one passes, so that it leaves this list).
KNOWN_FAILURES: Dict[Tuple[str, str, str], str] = {
    # Prism reads the parts of a multipart body that share a name as one value, not as an array:
    # it rejects a list of files (`extras`), whatever the client sends.
    ("operations", "test_files", "test_method_upload_with_all_params"): "Request body property extras must be array",
    # Prism's own limits (see fixture_sdks.py).
    **{
        ("methods", "test_responses", f"test_{kind}_create"): PRISM_NO_ROUTE
        for kind in ("method", "raw_response", "streaming_response")
    },
    **{
        ("streams", "test_runs", f"test_{kind}_events"): PRISM_NO_OBJECT_EVENTS
        for kind in ("method", "raw_response", "streaming_response")
    },
}


@dataclasses.dataclass(frozen=True)
class Outcome:
    """One generated test's result."""

    module: str  # `test_express`
    cls: str  # `TestExpressResource`
    name: str  # `test_method_create`
    outcome: str  # passed, failed or skipped
    message: str

    @property
    def key(self) -> Tuple[str, str]:
        return self.module, self.name


def environment(base_url: Optional[str]) -> Dict[str, str]:
    """The caller's environment without its Python settings and proxies, with the mock's URL."""
    env = {
        name: value
        for name, value in os.environ.items()
        if not name.startswith("PYTHON") and name.lower() not in ("http_proxy", "https_proxy", "all_proxy") and name != testgen.BASE_URL_ENV
    }
    env["PYTHONDONTWRITEBYTECODE"] = "1"
    if base_url is not None:
        env[testgen.BASE_URL_ENV] = base_url
    return env


def start(tests: Path, report: Path, base_url: Optional[str], python: str = sys.executable, cwd: Optional[Path] = None) -> "subprocess.Popen[str]":
    """A pytest of the generated `tests` folder, writing a JUnit report to `report`."""
    return subprocess.Popen(
        [python, "-m", "pytest", "-q", "-p", "no:cacheprovider", f"--junitxml={report}", str(tests)],
        cwd=cwd or tests.parent,
        env=environment(base_url),
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )


def outcomes(report: Path) -> List[Outcome]:
    """Each test of a JUnit report."""
    found = []
    for case in ElementTree.parse(report).iter("testcase"):
        *_, module, cls = case.get("classname", "").split(".")
        outcome, message = "passed", ""
        for child in case:
            if child.tag in ("failure", "error"):
                outcome, message = "failed", (child.get("message") or "") + (child.text or "")
            elif child.tag == "skipped":
                outcome, message = "skipped", child.get("message") or ""
        found.append(Outcome(module, cls, case.get("name", ""), outcome, message))
    return found


Results = Dict[str, Tuple[List[Outcome], str]]


@pytest.fixture(scope="module")
def results(prisms: PrismPool, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Results]:
    """Every fixture SDK's generated tests against its mock, run at once: outcomes and output."""
    folder = tmp_path_factory.mktemp("reports")
    running = {name: start(FIXTURE_SDKS[name].output / "tests", folder / f"{name}.xml", prisms.url(name)) for name in fixture_names()}
    done: Results = {}
    try:
        for name, process in running.items():
            output, _ = process.communicate(timeout=600)
            done[name] = (outcomes(folder / f"{name}.xml"), output)
        yield done
    finally:
        for process in running.values():
            if process.poll() is None:
                process.kill()
                process.wait()


@pytest.mark.parametrize("name", fixture_names())
def test_the_generated_tests_of_every_method_pass_against_prism(name: str, results: Results) -> None:
    found, output = results[name]
    known = {(module, test): why for (sdk, module, test), why in KNOWN_FAILURES.items() if sdk == name}

    calls = [o for o in found if o.name.startswith("test_method_") and not o.name.endswith("_with_all_params") and not o.cls.startswith("TestAsync")]
    assert len(calls) == _method_count(name) > 0, output
    unexpected = [o for o in found if o.outcome != "passed" and o.key not in known]
    assert unexpected == [], output
    fixed = [o for o in found if o.key in known and (o.outcome != "failed" or known[o.key] not in o.message)]
    assert fixed == [], "a known failure is fixed: take it off KNOWN_FAILURES"
    # Sync and async, plain, raw and streaming for each method, and an empty path parameter.
    kinds = {o.name.split("_")[1] for o in found}
    assert {"method", "raw", "streaming"} <= kinds and {o.cls.startswith("TestAsync") for o in found} == {True, False}


def test_the_generated_tests_check_that_an_empty_path_parameter_raises_before_any_request(results: Results) -> None:
    found, _ = results["express"]

    checks = [o for o in found if o.name.startswith("test_path_params_")]
    assert {o.name for o in checks} >= {"test_path_params_retrieve", "test_path_params_add"}
    assert all(o.outcome == "passed" for o in checks)


def test_without_a_mock_server_the_generated_tests_are_skipped(tmp_path: Path) -> None:
    tests = FIXTURE_SDKS["express"].output / "tests"

    process = start(tests, tmp_path / "report.xml", None)
    output, _ = process.communicate(timeout=300)

    found = outcomes(tmp_path / "report.xml")
    assert process.returncode == 0, output
    assert found and all(o.outcome == "skipped" and testgen.BASE_URL_ENV in o.message for o in found)


def _method_count(name: str) -> int:
    """How many methods a fixture SDK has: the methods api.md documents."""
    api_md = (FIXTURE_SDKS[name].output / "api.md").read_text(encoding="utf-8")
    return sum(1 for line in api_md.splitlines() if line.startswith("#### `client."))
