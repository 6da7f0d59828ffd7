"""`sdkgen diff` on two versions of a spec that rename what the SDK calls things
(tests/fixtures/specs/renames/): a renamed method or model is one breaking change with its old and
new names, not a removal and an addition, and the SDKs of both versions call the same requests."""

from __future__ import annotations

import json
from pathlib import Path

from .scripted_server import ScriptedServer
from .spec_helpers import ROOT, generate, imported, run_sdkgen
from .surface_sdks import RENAMES_REPORT, RENAMES_V1, RENAMES_V2

REGENERATE = ".venv/bin/python tests/fixtures/refresh_golden.py"
PET = {"id": "pet_1", "name": "Rex", "species": "dog"}


def test_the_report_matches_its_golden_record_and_exits_1() -> None:
    ran = run_sdkgen("diff", str(RENAMES_V1.relative_to(ROOT)), str(RENAMES_V2.relative_to(ROOT)))

    assert ran.returncode == 1, ran.stderr
    assert ran.stdout == RENAMES_REPORT.read_text(encoding="utf-8"), f"regenerate with: {REGENERATE}"


def test_renames_are_breaking_changes_with_the_old_and_new_names() -> None:
    ran = run_sdkgen("diff", str(RENAMES_V1), str(RENAMES_V2), "--json")
    changes = {(c["kind"], c["subject"], c["message"]) for c in json.loads(ran.stdout)["changes"]}

    assert {
        ("breaking", "Pet", "model renamed to `Animal`"),
        ("breaking", "client.pets.retrieve", "method renamed to `client.pets.fetch`"),
        ("breaking", "client.pets.vaccinations", "method renamed to `client.pets.vaccinations.record`"),
        ("additive", "Animal.birthday", "new optional field `date`"),
    } <= changes
    # A rename is not also every type that names the model changing.
    assert not [c for c in changes if "changes from `Pet`" in c[2] or c[2] == "model removed from the types module"]


def test_both_versions_send_the_same_request_under_their_names(tmp_path: Path, server: ScriptedServer) -> None:
    for version, spec in (("v1", RENAMES_V1), ("v2", RENAMES_V2)):
        assert generate(spec, tmp_path / version, f"pets_{version}", "Pets") == 0
    server.reply(200, json=PET, times=2)

    with imported(tmp_path / "v1", "pets_v1") as v1, v1.Pets(base_url=server.url, max_retries=0) as client:
        before = client.pets.retrieve("pet_1")
    with imported(tmp_path / "v2", "pets_v2") as v2, v2.Pets(base_url=server.url, max_retries=0) as client:
        after = client.pets.fetch("pet_1")

    assert (type(before).__name__, type(after).__name__) == ("Pet", "Animal")
    assert [(r.method, r.path) for r in server.requests] == [("GET", "/pets/pet_1")] * 2
