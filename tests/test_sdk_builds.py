"""Every model, and every type a method parses its response, page or events into, builds in every
fixture SDK, in a fresh process (where the first use of a model builds it: `import pkg, pkg.types`
does not catch a type pydantic cannot build), and every method requests a path its spec has."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import List, Optional, Tuple

from generator.cli import main
from generator.load import load

from .names_fixtures import generate_names
from .sdk_checks import api_of, check_builds, parse_targets, path_mismatches
from .spec_helpers import ROOT, generate

sys.path.insert(0, str(ROOT / "benchmarks"))
from synthetic_spec import synthetic_spec  # noqa: E402

SPECS = ROOT / "tests" / "fixtures" / "specs"
# spec, package, client, config (names overridden) or None
FIXTURES: List[Tuple[Path, str, str, Optional[Path]]] = [
    (ROOT / "spec" / "express.yaml", "avara", "Avara", None),
    (SPECS / "ai_platform.yaml", "ai_platform", "AIPlatform", None),
    (SPECS / "auth.yaml", "relay", "Relay", None),
    (SPECS / "lenient" / "openapi.yaml", "lenient", "Lenient", None),
    (SPECS / "methods.yaml", "methods_sdk", "Methods", SPECS / "methods.toml"),
    (SPECS / "models.yaml", "models_sdk", "Models", SPECS / "models.toml"),
    (SPECS / "operations.yaml", "ops_sdk", "Ops", None),
    (SPECS / "pagination.yaml", "paginated", "Paginated", None),
    (SPECS / "renames" / "v1.yaml", "pets_v1", "Pets", None),
    (SPECS / "renames" / "v2.yaml", "pets_v2", "Pets", None),
    (SPECS / "schemas.yaml", "schemas_sdk", "Schemas", None),
    (SPECS / "streams.yaml", "streams_sdk", "Streams", None),
    (SPECS / "wire.yaml", "wire_sdk", "Harbor", None),
]


def test_every_fixture_sdk_builds_every_model_and_response_type_and_requests_the_spec_s_paths(tmp_path: Path) -> None:
    synthetic = tmp_path / "synthetic.json"
    synthetic.write_text(json.dumps(synthetic_spec(8)), encoding="utf-8")
    (tmp_path / "names").mkdir()
    names = generate_names(tmp_path / "names")
    sdks = [(names, "names_sdk", api_of(tmp_path / "names" / "spec.yaml", "names_sdk", "Names"))]
    mismatches = path_mismatches(sdks[0][2], list(load(tmp_path / "names" / "spec.yaml").root["paths"]))
    for spec, package, client, config in FIXTURES + [(synthetic, "synthetic", "Synthetic", None)]:
        out = tmp_path / package
        if config is None:
            assert generate(spec, out, package, client) == 0
        else:
            assert main(["generate", "--config", str(config), "-o", str(out), "-q"]) == 0
        api = api_of(spec, package, client, str(config) if config else None)
        sdks.append((out, package, api))
        mismatches += path_mismatches(api, list(load(spec).root["paths"]))

    assert mismatches == []
    builds = check_builds(sdks)
    assert builds.failures == []
    # It built everything: each model (page classes too), each parse target, each method twice
    # (blocking and async).
    apis = [api for _out, _package, api in sdks]
    assert builds.models >= sum(len(api.models) for api in apis) + sum(len(api.pages) for api in apis)
    assert builds.targets == sum(len(parse_targets(api)) for api in apis)
    assert builds.methods == 2 * sum(len(r.operations) for api in apis for r in api.all_resources())
