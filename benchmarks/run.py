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


def best_of(fn: Callable[[], object], *, rounds: int = 7, number: int = 300) -> float:
    """Median seconds per call over `rounds` rounds of `number` calls (after a warm-up)."""
    for _ in range(50):
        fn()
    samples = []
    for _ in range(rounds):
        start = time.perf_counter()
        for _ in range(number):
            fn()
        samples.append((time.perf_counter() - start) / number)
    return statistics.median(samples)


def bench_generate() -> None:
    print("## Regenerate the Express SDK")
    cold = []
    for _ in range(3):
        start = time.perf_counter()
        subprocess.run([sys.executable, "-m", "generator", "check", "-q"], cwd=ROOT, check=True)
        cold.append(time.perf_counter() - start)
    print(f"cold `sdkgen check` (new process, imports included): {min(cold) * 1000:.0f} ms (best of 3)")
    from generator.config import resolve_config
    from generator.pipeline import generate

    config = resolve_config(spec=None, output=None, package=None, client=None, config_file=None, cwd=ROOT)
    generate(config, cwd=ROOT)
    runs = [generate(config, cwd=ROOT).timings for _ in range(5)]
    for stage in runs[0]:
        print(f"  warm {stage:<14} {statistics.median(r[stage] for r in runs) * 1000:7.1f} ms")
    print(f"  warm total          {statistics.median(sum(r.values()) for r in runs) * 1000:7.1f} ms")


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
        print("\n## Per-call time, generated client vs raw httpx + json.loads (median of 7 x 300 calls)")
        for label, raw_fn, sdk_fn in (("retrieve", raw_retrieve, sdk_retrieve), ("list, 100 items", raw_page, sdk_page)):
            raw_t, sdk_t = best_of(raw_fn), best_of(sdk_fn)
            print(f"{label:<16} raw {raw_t * 1e6:7.1f} us   sdk {sdk_t * 1e6:7.1f} us   ratio {sdk_t / raw_t:4.2f}x")
    finally:
        server.terminate()
        server.wait()


if __name__ == "__main__":
    bench_generate()
    bench_calls()
