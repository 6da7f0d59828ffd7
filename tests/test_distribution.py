"""The output is an installable distribution: `pip install ./generated` installs the package (typed,
without its tests), and the generated tests pass against Prism from the installed package.

The fresh environment installs nothing from an index: its libraries (httpx, pydantic, pytest, and
pip and setuptools for the build) are this environment's, reached through a `.pth` file, and the
package is built and installed with `--no-build-isolation --no-deps --no-index`. `pip check`
then says whether the package's dependency ranges accept those libraries.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import sysconfig
import tomllib
import venv
from pathlib import Path
from typing import Dict

import pytest
from packaging.requirements import Requirement

from generator import distribution

from .fixture_sdks import FIXTURE_SDKS, ROOT, PrismPool
from .test_generated_tests import outcomes, start


def run(command: list[str], cwd: Path, timeout: float = 300) -> subprocess.CompletedProcess[str]:
    done = subprocess.run(command, cwd=cwd, capture_output=True, text=True, timeout=timeout)
    assert done.returncode == 0, f"{' '.join(command)}\n{done.stdout}\n{done.stderr}"
    return done


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Dict[str, Path]:
    """The Express SDK installed from a copy of generated/ into a fresh virtual environment."""
    folder = tmp_path_factory.mktemp("install")
    source = folder / "source"
    shutil.copytree(ROOT / "generated", source, ignore=shutil.ignore_patterns("__pycache__"))
    environment = folder / "venv"
    venv.EnvBuilder(with_pip=False).create(environment)
    python = environment / "bin" / "python"
    site = Path(run([str(python), "-c", "import sysconfig; print(sysconfig.get_path('purelib'))"], folder).stdout.strip())
    (site / "_sdkgen_test_libraries.pth").write_text(sysconfig.get_path("purelib") + "\n", encoding="utf-8")
    run([str(python), "-m", "pip", "install", "-q", "--no-deps", "--no-build-isolation", "--no-index", str(source)], folder)
    # Only the tests, elsewhere: `import avara` can only find the installed package.
    shutil.copytree(source / "tests", folder / "suite" / "tests")
    return {"python": python, "site": site, "source": source, "suite": folder / "suite"}


def test_pip_installs_the_package_typed_with_its_metadata_and_without_the_tests(installed: Dict[str, Path]) -> None:
    python, site = installed["python"], installed["site"]

    located = run([str(python), "-c", "import avara, avara.types; print(avara.__file__, avara.__version__)"], installed["suite"]).stdout.split()
    assert Path(located[0]).parent == site / "avara"
    assert (site / "avara" / "py.typed").is_file()
    assert not (site / "tests").exists()
    metadata = run([str(python), "-m", "pip", "show", "avara"], installed["suite"]).stdout
    assert "Version: 1.0.0" in metadata and located[1] == "1.0.0"
    requires = run([str(python), "-c", "import importlib.metadata as m; print(m.metadata('avara')['Requires-Python']); print(*m.requires('avara'), sep='\\n')"], installed["suite"]).stdout
    assert requires.splitlines()[0] == ">=3.9"
    required = [Requirement(r) for r in requires.splitlines()[1:]]
    assert {r for r in required if r.marker is None} == {Requirement(r) for r in distribution.RUNTIME_DEPENDENCIES}
    assert {r.name for r in required if r.marker is not None} == {"pytest"}  # the `test` extra
    assert "No broken requirements" in run([str(python), "-m", "pip", "check"], installed["suite"]).stdout


def test_the_generated_tests_pass_against_prism_from_the_installed_package(installed: Dict[str, Path], prisms: PrismPool) -> None:
    suite = installed["suite"]

    process = start(suite / "tests", suite / "report.xml", prisms.url("express"), python=str(installed["python"]), cwd=suite)
    output, _ = process.communicate(timeout=600)

    found = outcomes(suite / "report.xml")
    assert process.returncode == 0, output
    assert found and all(o.outcome == "passed" for o in found)


def test_the_runtime_dependencies_are_those_sdkgen_tests_the_client_with() -> None:
    with (ROOT / "pyproject.toml").open("rb") as file:
        client = tomllib.load(file)["project"]["optional-dependencies"]["client"]
    readme = (ROOT / "generated" / "README.md").read_text(encoding="utf-8")

    assert tuple(client) == distribution.RUNTIME_DEPENDENCIES
    assert all(f"'{requirement}'" in readme for requirement in client)


@pytest.mark.parametrize(
    "spec_version, version",
    [("1.0.0", "1.0.0"), ("v2", "2"), ("2.1rc1", "2.1rc1"), ("2024-06-01", "2024.6.1"), ("1.0.0-beta", "1.0.0"), ("latest", "0.0.0"), ("V3.1.POST2", "3.1.post2")],
)
def test_the_distribution_version_is_the_spec_version_as_pep_440_has_it(spec_version: str, version: str) -> None:
    assert distribution.version(spec_version) == version


def test_spec_text_in_the_pyproject_is_a_toml_string() -> None:
    text = 'Say "hi" \\ \n\x00\ud800 ✓'

    spelled = distribution.toml_string(text)

    assert tomllib.loads(f"x = {spelled}")["x"] == text.replace("\ud800", "\ufffd")


def test_the_configured_version_wins_over_the_spec(tmp_path: Path) -> None:
    config = tmp_path / "pyproject.toml"
    config.write_text(f'[tool.sdkgen]\nspec = "{FIXTURE_SDKS["express"].spec}"\nversion = "4.5.6"\n', encoding="utf-8")
    out = tmp_path / "out"

    run([sys.executable, "-m", "generator", "generate", "-o", str(out), "-q"], tmp_path)

    assert 'version = "4.5.6"' in (out / "pyproject.toml").read_text(encoding="utf-8")
    assert '__version__ = "4.5.6"' in (out / "express" / "_version.py").read_text(encoding="utf-8")
