"""Checks of a generated SDK as a whole, for every fixture SDK and, by hand, any spec's.

`check_builds`: every model builds, and so does what every method parses its response into.
pydantic builds a model's validator the first time the model is used, so a type it cannot build
(a discriminated union whose members share a tag, say) fails the first call of a new process,
whichever method that is, while `import pkg, pkg.types` may pass. In a fresh process, it does what
first calls would: it imports every module of the package, rebuilds every model and validates an
empty payload with it, and builds the TypeAdapter of each method's return annotation and of what
the runtime parses its response, page or events into (read from the IR, spelled as the resource
module spells it, in that module's namespace).

`path_mismatches`: every method requests a path the spec has: its path template, with the
arguments' Python names back to the spec's names, is the operation's path key.

    .venv/bin/python -m tests.sdk_checks SPEC OUT PACKAGE   # both, on the SDK of SPEC in OUT
"""

from __future__ import annotations

import dataclasses
import json
import re
import subprocess
import sys
from pathlib import Path
from typing import List, Sequence, Tuple

from generator import ir, pysource, spelling

from .spec_helpers import ROOT


def parse_targets(api: ir.Api) -> List[Tuple[str, str, str]]:
    """(resource module, `resource.method`, Python expression) of what each method's response,
    page or event is validated as at run time; binary responses are bytes, not validated."""
    out = []
    for resource in api.all_resources():
        for op in resource.operations:
            label = ".".join(resource.path + (op.name,))
            if op.pagination is not None:
                expressions = [spelling.page_type(op)]
            elif op.streams:
                expressions = [pysource.annotation(op.returns)] if op.returns is not None else []
            else:
                expressions = [spelling.parsed_as(op.returns)]
                if op.event_type is not None:
                    expressions.append(pysource.annotation(op.event_type))
            for expression in expressions:
                if "BinaryResponse" not in expression:
                    out.append((resource.module, label, expression))
    return out


# Run in a fresh interpreter; reads a JSON list of [folder, package, targets] from stdin.
_CHECK = r'''
import importlib, inspect, json, pathlib, sys, typing
import pydantic

failures = []
counts = {"models": 0, "targets": 0, "methods": 0}


def failed(what, err):
    failures.append(f"{what}: {type(err).__name__}: {str(err).splitlines()[0] if str(err) else ''}")


for folder, package, targets in json.loads(sys.stdin.read()):
    sys.path.insert(0, folder)
    modules = []
    for path in sorted(pathlib.Path(folder, package).rglob("*.py")):
        parts = path.relative_to(folder).with_suffix("").parts
        name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        try:
            modules.append(importlib.import_module(name))
        except Exception as err:
            failed(f"{package}: import {name}", err)
    base = importlib.import_module(package + "._models").BaseModel
    seen = set()
    for module in modules:
        for name, value in sorted(vars(module).items()):
            if not (isinstance(value, type) and issubclass(value, base) and value.__module__ == module.__name__) or value in seen:
                continue
            seen.add(value)
            what = f"{package}: model {module.__name__}.{name}"
            counts["models"] += 1
            try:
                value.model_rebuild(force=True)
                value.model_validate({})
            except pydantic.ValidationError:
                pass  # the empty payload lacks required fields: the model itself built
            except Exception as err:
                failed(what, err)
    for module_name, label, expression in targets:
        counts["targets"] += 1
        try:
            module = importlib.import_module(f"{package}.{module_name}")
            pydantic.TypeAdapter(eval(expression, vars(module)))
        except Exception as err:
            failed(f"{package}: {label} parses into {expression}", err)
    for module in modules:
        if not module.__name__.startswith(package + ".resources"):
            continue
        for name, cls in sorted(vars(module).items()):
            if not (isinstance(cls, type) and cls.__module__ == module.__name__ and name.endswith("Resource")):
                continue
            for method_name, method in sorted(vars(cls).items()):
                if method_name.startswith("_") or not inspect.isfunction(method):
                    continue
                what = f"{package}: {module.__name__}.{name}.{method_name}"
                counts["methods"] += 1
                try:
                    returned = typing.get_type_hints(method)["return"]
                except Exception as err:
                    failed(what + " annotations", err)
                    continue
                try:
                    pydantic.TypeAdapter(returned)
                except pydantic.PydanticSchemaGenerationError:
                    pass  # a stream, a paginator or a binary response: not validated as a whole
                except Exception as err:
                    failed(what + " return annotation", err)
    sys.path.remove(folder)
print(json.dumps({"failures": failures, **counts}))
'''


@dataclasses.dataclass(frozen=True)
class Builds:
    """What `check_builds` built, and what failed (one line each)."""

    failures: List[str]
    models: int  # model classes rebuilt
    targets: int  # response, page and event types of methods
    methods: int  # methods whose annotations were evaluated


def check_builds(sdks: Sequence[Tuple[Path, str, ir.Api]]) -> Builds:
    """Build everything of the SDKs (folder holding the package, package name, its IR) together
    in one fresh process."""
    payload = [[str(folder), package, parse_targets(api)] for folder, package, api in sdks]
    done = subprocess.run(
        [sys.executable, "-c", _CHECK],
        input=json.dumps(payload),
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode == 0, f"the check itself failed:\n{done.stdout}{done.stderr}"
    found = json.loads(done.stdout.splitlines()[-1])
    return Builds(found["failures"], found["models"], found["targets"], found["methods"])


def path_mismatches(api: ir.Api, spec_paths: Sequence[str]) -> List[str]:
    """The methods whose path template is not the path key of their operation, or names an
    argument that is not one of their path parameters ("method: template" each); `spec_paths`
    are the keys of the spec's `paths`."""
    keys = {key.split("#", 1)[0].split("?", 1)[0] for key in spec_paths}
    out = []
    for resource in api.all_resources():
        for op in resource.operations:
            wire = {p.name: p.wire_name for p in op.path_params}
            placeholders = re.findall(r"\{([^{}]*)\}", op.path)
            spelled = re.sub(r"\{([^{}]*)\}", lambda m: "{" + wire.get(m.group(1), "?" + m.group(1)) + "}", op.path)
            wanted = op.wire_path.split("#", 1)[0].split("?", 1)[0]
            if spelled != wanted or wanted not in keys or sorted(placeholders) != sorted(wire):
                out.append(f"{'.'.join(resource.path + (op.name,))}: {op.path}")
    return out


def api_of(spec: Path, package: str, client: str = "Client", config_file: str | None = None) -> ir.Api:
    """The IR of `spec` as `sdkgen generate SPEC --package PACKAGE --client CLIENT` builds it."""
    from generator.config import resolve_config
    from generator.engine import Run

    config = resolve_config(
        spec=None if config_file else str(spec),
        output=None,
        package=None if config_file else package,
        client=None if config_file else client,
        config_file=config_file,
        cwd=ROOT,
    )
    run = Run(config, cwd=ROOT)
    return run.build(run.load())


def _main(argv: List[str]) -> int:
    """`python -m tests.sdk_checks SPEC OUT PACKAGE`: the two checks on the SDK of SPEC that
    `sdkgen generate SPEC -o OUT --package PACKAGE --client Client` wrote (large specs, by hand)."""
    spec, out, package = Path(argv[0]), Path(argv[1]), argv[2]
    api = api_of(spec, package)
    from generator.load import load

    paths = load(spec).root.get("paths") or {}
    methods = sum(len(r.operations) for r in api.all_resources())
    mismatches = path_mismatches(api, list(paths))
    builds = check_builds([(out, package, api)])
    print(f"{methods} methods, {len(mismatches)} with a path the spec does not have")
    print(f"{len(builds.failures)} build failures; {builds.models} models, {builds.targets} response types, {builds.methods} methods")
    for line in mismatches + builds.failures:
        print(line)
    return 1 if builds.failures or mismatches else 0


if __name__ == "__main__":
    raise SystemExit(_main(sys.argv[1:]))
