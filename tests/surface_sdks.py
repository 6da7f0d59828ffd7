"""The fixtures of an SDK's surface (methods, models, streams): their specs, configs and golden
records, and a way to import a golden SDK. Shared by tests/test_{methods,models,streams}_fixture.py
and the one type check of them all (tests/test_surface_typecheck.py)."""

from __future__ import annotations

import dataclasses
import shutil
from contextlib import contextmanager
from pathlib import Path
from types import ModuleType
from typing import Dict, Iterator, Optional

from generator.config import resolve_config
from generator.pipeline import generate

from .spec_helpers import ROOT, imported

SPECS = ROOT / "tests" / "fixtures" / "specs"
GOLDEN = ROOT / "tests" / "fixtures" / "golden"


@dataclasses.dataclass(frozen=True)
class Fixture:
    """A fixture spec and its golden record: the package and client it is generated as."""

    name: str  # the spec's stem and the golden folder's name
    package: str
    client: str
    configured: bool  # generated with the config `<name>.toml` beside the spec

    @property
    def golden(self) -> Path:
        return GOLDEN / self.name

    def render(self, out: Path) -> Dict[str, str]:
        """Every file the generator makes of the fixture today (into `out`, in memory)."""
        spec = SPECS / f"{self.name}.yaml"
        config_file: Optional[str] = str(SPECS / f"{self.name}.toml") if self.configured else None
        config = resolve_config(
            spec=None if self.configured else str(spec),
            output=str(out),
            package=None if self.configured else self.package,
            client=None if self.configured else self.client,
            config_file=config_file,
            cwd=ROOT,
        )
        return generate(config, cwd=ROOT).files

    @contextmanager
    def imported(self, folder: Path) -> Iterator[ModuleType]:
        """The golden package, copied into `folder` and imported from there."""
        shutil.copytree(self.golden / self.package, folder / self.package)
        with imported(folder, self.package) as module:
            yield module


METHODS = Fixture("methods", "methods_sdk", "Methods", configured=True)
MODELS = Fixture("models", "models_sdk", "Models", configured=True)
STREAMS = Fixture("streams", "streams_sdk", "Streams", configured=False)
