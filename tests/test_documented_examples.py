"""Every example of every fixture SDK's README.md and api.md runs against Prism serving its spec.

Prism validates each request against the spec (a body, path or query that breaks its schema gets a
4xx, which the SDK raises), so an example whose values do not satisfy their schemas fails here.
The examples run in one process per SDK (tests/run_examples.py), each with the package imported
afresh, with the base URL and every credential of the client in the environment.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any, Callable, Dict, List

import pytest

from .fixture_sdks import FIXTURE_SDKS, PRISM_NO_OBJECT_EVENTS, PRISM_NO_ROUTE, FixtureSdk, PrismPool, fixture_names
from .sdk_checks import api_of

RUNNER = Path(__file__).with_name("run_examples.py")
SECRET = "documented-example-secret"


def example_environment(sdk: FixtureSdk, base_url: str) -> Dict[str, str]:
    """The environment the examples run in: no proxy, nothing of the caller's for this SDK, and
    the mock's URL and every credential of the client."""
    api = api_of(sdk.spec, sdk.package, sdk.client)
    prefix = api.sdk.env_prefix + "_"
    env = {
        name: value
        for name, value in os.environ.items()
        if not name.upper().startswith((prefix, "PYTHON")) and name.lower() not in ("http_proxy", "https_proxy", "all_proxy")
    }
    env.update({credential.env: SECRET for credential in api.sdk.security.credentials})
    env.update(PYTHONPATH=str(sdk.output), PYTHONDONTWRITEBYTECODE="1", **{api.sdk.base_url_env: base_url})
    return env


def run_examples(sdk: FixtureSdk, base_url: str, cwd: Path) -> List[Dict[str, Any]]:
    """The result of each example of `sdk`'s docs against `base_url` (see run_examples.py)."""
    done = subprocess.run(
        [sys.executable, str(RUNNER), str(sdk.output), sdk.package, sdk.client],
        cwd=cwd,
        env=example_environment(sdk, base_url),
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    return [json.loads(line) for line in done.stdout.splitlines()]


def failures(results: List[Dict[str, Any]]) -> List[str]:
    """What went wrong with each example that failed: an error, a README example that printed
    nothing, or a log line holding a credential."""
    out = []
    for result in results:
        where = f"{result['document']} ({result['section']}):\n{result['code']}"
        if not result["ok"]:
            out.append(f"{where}\n{result['error']}")
        elif result["document"] == "README.md" and not result["stdout"].strip():
            out.append(f"{where}\nprinted nothing")
        elif SECRET in result["stderr"]:
            out.append(f"{where}\nlogged a credential:\n{result['stderr']}")
    return out


# Examples that fail for a defect outside the examples, by (SDK, section): each must still fail
# (the test says when one passes, so that it leaves this list).
KNOWN_FAILURES = {
    # Prism's own limits (see fixture_sdks.py).
    ("methods", "`client.responses.create`"): PRISM_NO_ROUTE,
    ("streams", "`client.runs.events`"): PRISM_NO_OBJECT_EVENTS,
}


@pytest.fixture(scope="module")
def examples_of(prisms: PrismPool, tmp_path_factory: pytest.TempPathFactory) -> Callable[[str], List[Dict[str, Any]]]:
    """The results of the examples of a fixture SDK, run once per module."""
    done: Dict[str, List[Dict[str, Any]]] = {}

    def results(name: str) -> List[Dict[str, Any]]:
        if name not in done:
            done[name] = run_examples(FIXTURE_SDKS[name], prisms.url(name), tmp_path_factory.mktemp(name))
        return done[name]

    return results


@pytest.mark.parametrize("name", fixture_names())
def test_every_example_of_the_readme_and_api_md_runs_against_prism(name: str, examples_of: Callable[[str], List[Dict[str, Any]]]) -> None:
    results = examples_of(name)
    known = {section: why for (sdk, section), why in KNOWN_FAILURES.items() if sdk == name}
    expected = [r for r in results if r["section"] in known]

    assert {result["document"] for result in results} == {"README.md", "api.md"}, "each document has examples"
    failed = failures([r for r in results if r["section"] not in known])
    assert not failed, f"{len(failed)} of {len(results)} examples failed:\n\n" + "\n\n".join(failed)
    assert all(not r["ok"] and known[r["section"]] in r["error"] for r in expected), "a known failure is fixed: take it off KNOWN_FAILURES"


def test_the_logging_example_logs_each_request_without_its_credentials(examples_of: Callable[[str], List[Dict[str, Any]]]) -> None:
    logging = [r for r in examples_of("express") if r["document"] == "README.md" and r["section"] == "Logging"]

    assert logging and all(r["ok"] for r in logging)
    assert all("avara INFO] GET http" in r["stderr"] and SECRET not in r["stderr"] for r in logging), logging
