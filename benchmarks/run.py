"""Benchmarks of sdkgen and of the SDK it generates; prints figures, asserts nothing.

    .venv/bin/python benchmarks/run.py

1. Regenerating the Express SDK: a cold `sdkgen generate` in a fresh process (imports included),
   and the in-process stages of a warm run.
2. Per-call overhead of the generated client against raw httpx + json.loads, on a local canned
   server in its own process: `express.retrieve` (one object) and `express.list` (a 100-item page).
"""

from __future__ import annotations

import json
import socket
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Callable

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "generated")]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def paired(raw: Callable[[], object], sdk: Callable[[], object], *, rounds: int = 15, number: int = 200) -> tuple[float, float, float]:
    """Median seconds per call of `raw` and of `sdk`, and the median of their per-round ratio.

    Rounds alternate between the two so that load from elsewhere on the machine hits both alike.
    """
    for _ in range(100):
        raw()
        sdk()
    raw_samples, sdk_samples, ratios = [], [], []
    for _ in range(rounds):
        times = []
        for fn in (raw, sdk):
            start = time.perf_counter()
            for _ in range(number):
                fn()
            times.append((time.perf_counter() - start) / number)
        raw_samples.append(times[0])
        sdk_samples.append(times[1])
        ratios.append(times[1] / times[0])
    return statistics.median(raw_samples), statistics.median(sdk_samples), statistics.median(ratios)


def bench_generate() -> None:
    import os
    import tempfile

    print("## Regenerate the Express SDK (`sdkgen generate` in a new process, imports included)")
    with tempfile.TemporaryDirectory() as scratch:
        env = {**os.environ, "SDKGEN_CACHE_DIR": str(Path(scratch) / "cache")}
        command = [sys.executable, "-m", "generator", "generate", "-q", "-o", str(Path(scratch) / "out")]
        for label in ("cold: empty output dir and caches", "warm: nothing changed"):
            start = time.perf_counter()
            subprocess.run(command, cwd=ROOT, env=env, check=True)
            print(f"{label:<36} {(time.perf_counter() - start) * 1000:6.0f} ms")
    from generator.config import resolve_config
    from generator.engine import Run

    config = resolve_config(spec=None, output=None, package=None, client=None, config_file=None, cwd=ROOT)

    def timings() -> dict[str, float]:
        run = Run(config, cwd=ROOT)
        run.files()
        return run.timings

    timings()
    runs = [timings() for _ in range(5)]
    print("in-process stages of a full render (templates compiled), median of 5:")
    for stage in runs[0]:
        print(f"  {stage:<14} {statistics.median(r[stage] for r in runs) * 1000:7.1f} ms")


def bench_calls() -> None:
    import httpx

    import avara

    port = free_port()
    server = subprocess.Popen([sys.executable, str(Path(__file__).with_name("canned_server.py")), str(port)], stdout=subprocess.PIPE)
    try:
        assert server.stdout is not None and server.stdout.readline().strip() == b"ready"
        base = f"http://127.0.0.1:{port}"
        raw = httpx.Client(base_url=base)
        client = avara.Avara(api_key="bench", base_url=base, max_retries=0)
        headers = {"Authorization": "Bearer bench", "Accept": "application/json"}

        def raw_retrieve() -> object:
            return json.loads(raw.get("/v1/express/cus_1", headers=headers).content)

        def sdk_retrieve() -> object:
            return client.express.retrieve("cus_1")

        def raw_page() -> object:
            return json.loads(raw.get("/v1/express", params={"limit": 100}, headers=headers).content)

        def sdk_page() -> object:
            return client.express.list(limit=100)

        assert len(sdk_page().express_customers) == 100
        print("\n## Per-call time, generated client vs raw httpx + json.loads (15 alternating rounds of 200 calls)")
        for label, raw_fn, sdk_fn in (("retrieve", raw_retrieve, sdk_retrieve), ("list, 100 items", raw_page, sdk_page)):
            raw_t, sdk_t, ratio = paired(raw_fn, sdk_fn)
            print(f"{label:<16} raw {raw_t * 1e6:7.1f} us   sdk {sdk_t * 1e6:7.1f} us   ratio {ratio:4.2f}x (median of per-round ratios)")
    finally:
        server.terminate()
        server.wait()


if __name__ == "__main__":
    bench_generate()
    bench_calls()
