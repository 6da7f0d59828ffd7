"""The generated client's tests pass on the oldest and the newest Python it supports, 3.9 and 3.13.

The rest of the suite runs on the generator's Python (3.11+). Here each other interpreter gets its
own virtual environment holding only what the generated package needs at run time (the `client`
extra of pyproject.toml) and the test runner (the `test` extra, without sdkgen and mypy), and runs
tests/test_client_*.py and tests/test_async_*.py against the vendored generated/ in a subprocess.

The 3.9 environment also holds mypy (the newest release that runs on 3.9), which checks the
generated package strictly for Python 3.9: the mypy of the main environment no longer can (mypy 2
dropped that target), while pyright does so in test_generated_quality.py.

The environments are cached in .venv-py39/ and .venv-py313/ (git-ignored), rebuilt when the
requirements change, and built once per machine: about 30 s each, both at the same time. A missing
interpreter skips its tests, saying where it was looked for.
"""

from __future__ import annotations

import fcntl
import glob
import os
import re
import shutil
import subprocess
import tomllib
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path
from typing import Dict, Iterator, List, Optional

import pytest

ROOT = Path(__file__).resolve().parent.parent
VERSIONS = ("3.9", "3.13")
MYPY_VERSION = "3.9"
BUILD_TIMEOUT = 600.0
RUN_TIMEOUT = 400.0


def find_python(version: str) -> Optional[str]:
    """An interpreter of `version`: pyenv's installation first, then `python3.X` on PATH."""
    pyenv = os.environ.get("PYENV_ROOT") or os.path.expanduser("~/.pyenv")
    found = sorted(glob.glob(os.path.join(pyenv, "versions", f"{version}.*", "bin", f"python{version}")))
    for candidate in [*reversed(found), shutil.which(f"python{version}")]:
        if candidate and _runs(candidate, version):
            return candidate
    return None


def _runs(python: str, version: str) -> bool:
    try:
        done = subprocess.run(
            [python, "-c", "import sys; print('%d.%d' % sys.version_info[:2])"],
            capture_output=True,
            text=True,
            timeout=30,
        )
    except OSError:
        return False
    return done.returncode == 0 and done.stdout.strip() == version


def requirements(version: str) -> List[str]:
    """The run-time dependencies of the generated package, plus the test runner and its plugins
    (and, for the oldest Python, mypy: without a version bound, pip picks one that runs there)."""
    with (ROOT / "pyproject.toml").open("rb") as file:
        extras = tomllib.load(file)["project"]["optional-dependencies"]
    wanted = list(extras["client"])
    for requirement in extras["test"]:
        name = re.split(r"[\s\[<>=!~;]", requirement, maxsplit=1)[0].lower()
        if name not in ("sdkgen", "mypy"):
            wanted.append(requirement)
    if version == MYPY_VERSION:
        wanted.append("mypy")
    return wanted


def environment(python: str, version: str) -> Path:
    """The cached venv for `version` (its interpreter), built or rebuilt as needed.

    A lock file makes concurrent test runs in the same checkout wait for one build; the stamp
    file, written last, marks a complete build of exactly these requirements.
    """
    cache = ROOT / f".venv-py{version.replace('.', '')}"
    cache.mkdir(exist_ok=True)
    env_dir, stamp = cache / "env", cache / "requirements.txt"
    wanted = "\n".join([f"# {python}", *requirements(version)]) + "\n"
    with (cache / "lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if stamp.exists() and stamp.read_text(encoding="utf-8") == wanted and (env_dir / "bin" / "python").exists():
            return env_dir / "bin" / "python"
        stamp.unlink(missing_ok=True)
        subprocess.run([python, "-m", "venv", "--clear", str(env_dir)], check=True, timeout=BUILD_TIMEOUT)
        subprocess.run(
            [str(env_dir / "bin" / "python"), "-m", "pip", "install", "--quiet", "--disable-pip-version-check", *requirements(version)],
            check=True,
            timeout=BUILD_TIMEOUT,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
        )
        stamp.write_text(wanted, encoding="utf-8")
    return env_dir / "bin" / "python"


def client_tests() -> List[str]:
    found = sorted(ROOT.glob("tests/test_client_*.py")) + sorted(ROOT.glob("tests/test_async_*.py"))
    return [str(path.relative_to(ROOT)) for path in found]


def venv_python(version: str) -> Path:
    """The interpreter of the venv of `version`, built when needed; skips when there is no Python `version`."""
    python = find_python(version)
    if python is None:
        pytest.skip(f"no Python {version}: looked in $PYENV_ROOT/versions and for python{version} on PATH")
    try:
        return environment(python, version)
    except subprocess.CalledProcessError as error:
        output = error.stdout if isinstance(error.stdout, str) else (error.stdout or b"").decode(errors="replace")
        pytest.fail(f"could not build the Python {version} environment: {error}\n{output}")


def clean_environment() -> Dict[str, str]:
    """os.environ without AVARA_* settings, proxies and PYTHON* variables."""
    return {
        name: value
        for name, value in os.environ.items()
        if not name.upper().startswith(("AVARA_", "PYTHON")) and name.lower() not in ("http_proxy", "https_proxy", "all_proxy")
    }


def run_client_tests(version: str) -> subprocess.CompletedProcess[str]:
    """Build (or reuse) the venv of `version` and run the client tests with it."""
    return subprocess.run(
        [str(venv_python(version)), "-m", "pytest", "-q", "-p", "no:cacheprovider", "-n", "0", *client_tests()],
        cwd=ROOT,
        env=clean_environment(),
        capture_output=True,
        text=True,
        timeout=RUN_TIMEOUT,
    )


def run_mypy(version: str) -> subprocess.CompletedProcess[str]:
    """mypy --strict on the generated package, for Python `version`, with that version's packages."""
    python = venv_python(version)
    cache = ROOT / f".venv-py{version.replace('.', '')}" / "mypy-cache"
    return subprocess.run(
        [str(python), "-m", "mypy", "--strict", "--python-version", version, "--cache-dir", str(cache), "generated/avara"],
        cwd=ROOT,
        env=clean_environment(),
        capture_output=True,
        text=True,
        timeout=RUN_TIMEOUT,
    )


Jobs = Dict[str, "Future[subprocess.CompletedProcess[str]]"]


@pytest.fixture(scope="module")
def jobs() -> Iterator[Jobs]:
    """Every version's build and test run, and mypy, started together (they spend much of their time waiting)."""
    with ThreadPoolExecutor(max_workers=len(VERSIONS) + 1) as pool:
        started = {f"tests {version}": pool.submit(run_client_tests, version) for version in VERSIONS}
        started[f"mypy {MYPY_VERSION}"] = pool.submit(run_mypy, MYPY_VERSION)
        yield started


@pytest.mark.parametrize("version", VERSIONS)
def test_client_tests_pass_on_python(version: str, jobs: Jobs) -> None:
    done = jobs[f"tests {version}"].result()
    output = done.stdout + done.stderr

    assert done.returncode == 0, output
    assert re.search(r"\b\d+ passed\b", output), output


def test_mypy_strict_for_python_3_9_is_clean(jobs: Jobs) -> None:
    done = jobs[f"mypy {MYPY_VERSION}"].result()

    assert done.returncode == 0, done.stdout + done.stderr
    assert "Success: no issues found" in done.stdout, done.stdout


def test_the_client_tests_are_found() -> None:
    assert "tests/test_client_requests.py" in client_tests()
