"""The fixtures of an SDK's surface (methods, models, streams, a large AI platform's spec, and the
wire fixture): their specs, configs and golden records, and a way to import a golden SDK. Shared by
tests/test_{methods,models,streams,ai_platform,wire}_fixture.py and the one type check of them all
(tests/test_typecheck_all.py)."""

from __future__ import annotations

import dataclasses
import shutil
from contextlib import contextmanager
from pathlib import Path
from types import ModuleType
from typing import Dict, Iterator, Optional

from generator import ir
from generator.config import resolve_config
from generator.engine import generate
from generator.spelling import returns

from .sdk_checks import api_of
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

# The large spec: its golden record is its surface (tests/fixtures/golden/ai_platform/surface.txt),
# every method, page class and type, rather than its 500 files.
AI_PLATFORM_SPEC = SPECS / "ai_platform.yaml"
AI_PLATFORM_SURFACE = GOLDEN / "ai_platform" / "surface.txt"


# The wire fixture: the shapes of large public specs that SDK generators trip on (shared union
# tags, pages built with allOf, uploads, parameters inside path segments, arguments named like
# the names generated code uses); its golden record is its surface too.
WIRE_SPEC = SPECS / "wire.yaml"
WIRE_SURFACE = GOLDEN / "wire" / "surface.txt"


def built(spec: Path) -> ir.Api:
    """The IR of `spec`, named with the defaults."""
    return api_of(spec, "sdk")


def surface(api: ir.Api) -> str:
    """What users of the SDK see, a line each: every method with its route, every page class,
    every type (models and the TypedDicts of params)."""
    lines = ["# Methods: the call, what it returns, the request it sends."]
    for resource in api.all_resources():
        for op in resource.operations:
            call = ".".join(("client",) + resource.path + (op.name,))
            positional = ", ".join(p.name for p in op.path_params)
            lines.append(f"{call}({positional}) -> {returns(op)}  # {op.http_method.upper()} {op.wire_path}")
    lines += ["", "# Page classes: the style, and the field that holds the items."]
    lines += [f"{page.page_class}: {page.scheme}, {page.items.wire_name}" for page in api.pages]
    lines += ["", "# Types: the module, the class, and the model it extends."]
    lines += [f"{m.module}.{m.name}" + (f"({m.base.name})" if m.base else "") for m in api.models]
    lines += [f"{p.module}.{p.name} (params)" for p in api.params_types]
    return "\n".join(lines) + "\n"


# Renames: v1 and v2 of a spec, and the report of `sdkgen diff` between them.
RENAMES_V1 = SPECS / "renames" / "v1.yaml"
RENAMES_V2 = SPECS / "renames" / "v2.yaml"
RENAMES_REPORT = GOLDEN / "renames" / "diff.md"
