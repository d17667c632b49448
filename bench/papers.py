"""Papers (issue 18): how long one paper takes to generate, and the public lookup's latency at a fixed rate.

1. Generation: a notice issued through `POST /api/v1/cases/{id}/papers` (numbering, wording, PDF, insert) and a
   receipt's first printing (`GET /api/v1/papers/{id}/file.pdf`: its PDF rendered and kept), each
   BENCH_PAPERS_COUNT times on a scratch PostgreSQL database. Target: p95 ≤ 300 ms.
2. Lookup: `GET /api/v1/lookup/{code}` at BENCH_PAPERS_RATE requests/s (open loop) for BENCH_PAPERS_SECONDS,
   against the intake app served by werkzeug's threaded server on 127.0.0.1 (the rate limit raised out of the way).
   Target: p99 ≤ 50 ms at 100 requests/s.
Run: `make bench BENCH=papers` or `python -m bench.papers`.
"""

from __future__ import annotations

import http.client
import os
import statistics
import threading
import time
from dataclasses import replace
from typing import Any

from werkzeug.serving import make_server

from bench.common import record, scratch_database
from tiepdan.intake.api.context import CONFIG_KEY, intake_config
from tiepdan.intake.app import SERVICE
from tiepdan.kit.auth import mint_token
from tiepdan.kit.service import Runtime
from tiepdan.kit.testing import test_settings
from tiepdan.kit.web import create_service_app

COUNT = int(os.environ.get("BENCH_PAPERS_COUNT", "30"))
RATE = float(os.environ.get("BENCH_PAPERS_RATE", "100"))
SECONDS = float(os.environ.get("BENCH_PAPERS_SECONDS", "20"))


def _visit(n: int) -> dict[str, Any]:
    return {
        "reception": "regular",
        "host_name": "Nguyễn Thị Lan",
        "headcount": 1,
        "citizens": [{"full_name": "Trần Văn Bình", "id_number": f"0190850{n:05d}", "address": "Tổ 5"}],
        "kind": "complaint",
        "field": "land",
        "subject": f"Dự án khu dân cư số {n}",
        "area": "Tổ dân phố 5",
        "summary": "Đề nghị xem xét lại giá bồi thường đất",
    }


def _percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def _figures(values: list[float]) -> dict[str, float]:
    return {
        "median_ms": round(statistics.median(values) * 1000, 1),
        "p95_ms": round(_percentile(values, 0.95) * 1000, 1),
        "p99_ms": round(_percentile(values, 0.99) * 1000, 1),
    }


def _generation(client: Any, headers: dict[str, str]) -> tuple[dict[str, float], dict[str, float], list[str]]:
    issue_times, print_times, codes = [], [], []
    for n in range(COUNT):
        created = client.post("/api/v1/visits", json=_visit(n), headers=headers).get_json()
        codes.append(created["receipt"]["code"])
        started = time.perf_counter()
        printed = client.get(f"/api/v1/papers/{created['receipt']['paper_id']}/file.pdf", headers=headers)
        print_times.append(time.perf_counter() - started)
        assert printed.status_code == 200
        client.post(f"/api/v1/cases/{created['case_id']}/actions", json={"action": "accept"}, headers=headers)
        started = time.perf_counter()
        issued = client.post(
            f"/api/v1/cases/{created['case_id']}/papers", json={"kind": "acceptance_notice"}, headers=headers
        )
        issue_times.append(time.perf_counter() - started)
        assert issued.status_code == 201, issued.get_json()
    return _figures(issue_times), _figures(print_times), codes


def _lookups(port: int, codes: list[str]) -> dict[str, Any]:
    latencies: list[float] = []
    errors = 0
    lock = threading.Lock()
    total = int(RATE * SECONDS)
    start = time.perf_counter()

    def one(index: int) -> None:
        nonlocal errors
        time.sleep(max(0.0, start + index / RATE - time.perf_counter()))
        began = time.perf_counter()
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        connection.request("GET", f"/api/v1/lookup/{codes[index % len(codes)]}")
        status = connection.getresponse().status
        connection.close()
        with lock:
            latencies.append(time.perf_counter() - began)
            errors += status != 200

    threads = [threading.Thread(target=one, args=(i,)) for i in range(total)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return {"requests": total, "rate": RATE, "errors": errors, **_figures(latencies)}


def main() -> None:
    with scratch_database("tiepdan_bench_papers") as url:
        runtime = Runtime(SERVICE, test_settings("intake", url))
        runtime.start()
        config = intake_config(runtime)
        runtime.state[CONFIG_KEY] = replace(config, lookup_rate="1000000/minute")
        app = create_service_app(runtime)
        token = mint_token(runtime.settings, sub="bench", roles=["leader"], name="Chủ tịch", unit=runtime.settings.unit)
        headers = {"Authorization": f"Bearer {token}"}
        issue, first_print, codes = _generation(app.test_client(), headers)
        server = make_server("127.0.0.1", 0, app, threaded=True)
        serving = threading.Thread(target=server.serve_forever, daemon=True)
        serving.start()
        try:
            lookups = _lookups(server.server_port, codes)
        finally:
            server.shutdown()
            runtime.dispose()
    record(
        "papers",
        {
            "notice_issue": issue,
            "receipt_first_print": first_print,
            "lookup": lookups,
            "targets": {"paper_p95_ms": 300, "lookup_p99_ms": 50},
        },
    )


if __name__ == "__main__":
    main()
