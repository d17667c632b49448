"""Each service's OpenAPI document is true to the service: schemathesis (its CLI, every check, every phase
including the stateful one) against the embedded platform served over HTTP on a free port, with a token holding
every role and every unit. A fixed seed and a bounded example count keep it reproducible and quick.

The platform's worker is not started: the API is what is under test, and a queued roster would keep the solver
busy long after the run.
"""

from __future__ import annotations

import json
import subprocess
import sys
import threading
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import pytest
from werkzeug.serving import make_server

from tiepdan.embedded.platform import Platform
from tiepdan.kit.auth import ROLES, mint_token
from tiepdan.kit.config import Settings

SERVICES = ("intake", "roster", "alerts", "reports")
SEED = 20260
MAX_EXAMPLES = 10

#: The only checks switched off, each for one operation by name, with the rule its schema cannot state (a rule
#: between fields, or against what exists); the operation's description states the rule for clients. Every other
#: check runs on these operations too.
POSITIVE = "positive_data_acceptance"
CURSOR = "cursor must be a next_cursor the service issued: no schema can say which strings those are"
SPAN = "`to` not before `from`, at most 731 days between them"
LEAVE = "each leave's `to` may not be before its `from`"
CASE_FILTERS = "`citizen` must hold a name, ID number or phone; `received_to`, `due_to` not before their start"
SWITCHED_OFF: dict[str, dict[str, dict[str, str]]] = {
    "intake": {
        "GET /api/v1/visits": {POSITIVE: CURSOR},
        "GET /api/v1/petitions": {POSITIVE: CURSOR},
        "GET /api/v1/cases": {POSITIVE: f"{CURSOR}; {CASE_FILTERS}"},
        "GET /api/v1/cases/counts": {POSITIVE: CASE_FILTERS},
        "GET /api/v1/register": {POSITIVE: "`to` may not be before `from`"},
        "POST /api/v1/visits": {
            POSITIVE: "citizens unless a denunciation, headcount against citizens and representatives, id_number "
            "against id_type, received_at against now, case_id against the cases that exist"
        },
        "POST /api/v1/petitions": {
            POSITIVE: "signers against citizens, sender_agency when transferred, received_on against today, "
            "id_number against id_type, case_id against the cases that exist"
        },
        "POST /api/v1/cases/{case_id}/actions": {POSITIVE: "the fields each action needs depend on the action"},
        "PATCH /api/v1/visits/{visit_id}": {
            POSITIVE: "as at registration: citizens unless a denunciation, headcount against citizens and "
            "representatives, id_number against id_type; a new kind only while the case is received"
        },
        "PATCH /api/v1/petitions/{petition_id}": {
            POSITIVE: "as at registration: signers against citizens, sender_agency when transferred, id_number "
            "against id_type; a new kind only while the case is received"
        },
        "POST /api/v1/cases/{case_id}/merge": {
            POSITIVE: "`into` names another open case of the unit of the same kind and Party flag"
        },
        "PUT /api/v1/cases/{case_id}/enforcement": {POSITIVE: "`planned_on` not before the ward's today"},
        "GET /api/v1/enforcements": {POSITIVE: f"{CURSOR}; `to` not before `from`"},
        "POST /api/v1/outreach": {
            POSITIVE: "`case_id` or `alert_id`, `held_at` not after now, `case_id` against the cases that exist"
        },
        "GET /api/v1/outreach": {POSITIVE: f"{CURSOR}; `to` not before `from`"},
        # response plans (issue 19)
        "GET /api/v1/response-plans": {POSITIVE: CURSOR},
        "POST /api/v1/response-plans": {POSITIVE: "each of `case_ids` names a case of the caller's unit"},
        "POST /api/v1/response-plans/{plan_id}/tasks": {
            POSITIVE: "`due_on` not before `given_on`, which is the ward's today when absent"
        },
    },
    "roster": {
        "GET /api/v1/staff": {POSITIVE: CURSOR},
        "GET /api/v1/rosters": {POSITIVE: CURSOR},
        "POST /api/v1/staff": {POSITIVE: LEAVE},
        "PUT /api/v1/staff/{staff_id}": {POSITIVE: LEAVE},
        "POST /api/v1/staff/import": {
            POSITIVE: LEAVE,
            "allow_header_conformance": "/staff/import is also /staff/{staff_id} with the id `import`: Allow "
            "rightly lists the GET and PUT of that officer, which the document gives under /staff/{staff_id}",
        },
        "POST /api/v1/staff/{staff_id}/leave": {POSITIVE: "`to` may not be before `from`"},
        "PUT /api/v1/calendar": {POSITIVE: "each span's `to` may not be before its `from`"},
        "PUT /api/v1/coverage-rules": {POSITIVE: "entries name the shifts the document itself declares"},
        "POST /api/v1/rosters": {POSITIVE: "`end` not before `start`, at most 186 days between them"},
        "GET /api/v1/working-groups": {POSITIVE: CURSOR},
        "POST /api/v1/working-groups": {
            POSITIVE: "`period.to` not before `period.from`, members officers of the unit each named once"
        },
        "GET /api/v1/receptions": {POSITIVE: CURSOR},
        "POST /api/v1/receptions": {
            POSITIVE: "`ends_at` after `starts_at`, `starts_at` against now, `presiding_staff_id` a unit officer"
        },
        "PATCH /api/v1/receptions/{reception_id}": {
            POSITIVE: "as when scheduled, against the times stored; a cancelled reception is not moved"
        },
        "GET /api/v1/incidents": {POSITIVE: CURSOR},
        "POST /api/v1/incidents": {POSITIVE: "`occurred_at` against now, `reception_id` a reception of the unit"},
    },
    "alerts": {
        "GET /api/v1/alerts": {POSITIVE: CURSOR},
        "GET /api/v1/inbox": {POSITIVE: CURSOR},
        "POST /api/v1/silences": {POSITIVE: "`ends_at` after `starts_at`, matcher names and values"},
        "PUT /api/v1/alert-rules": {POSITIVE: "routes name the receivers the document itself declares"},
    },
    "reports": {
        "GET /api/v1/figures": {POSITIVE: SPAN},
        "GET /api/v1/figures/chart.png": {POSITIVE: SPAN},
        "GET /api/v1/reconciliation": {POSITIVE: SPAN},
        "GET /api/v1/reports": {POSITIVE: CURSOR},
        "POST /api/v1/reports": {POSITIVE: "period by dates or by kind and year, n for a quarter, `to` after `from`"},
        "GET /api/v1/reports/inbox": {POSITIVE: CURSOR},
        "PUT /api/v1/reports/{report_id}/narrative": {POSITIVE: "only a daily or plan report takes a narrative"},
    },
}


@dataclass
class Served:
    base: str
    token: str
    statuses: Counter[tuple[str, int]] = field(default_factory=Counter)


class CountingApp:
    """Counts every answer by service prefix and status, so the test knows what the server saw."""

    def __init__(self, app: Callable[..., Iterable[bytes]], served: Served) -> None:
        self.app = app
        self.served = served

    def __call__(self, environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
        def counting_start(status: str, headers: list[tuple[str, str]], *args: Any) -> Any:
            self.served.statuses[(environ.get("PATH_INFO", ""), int(status.split()[0]))] += 1
            return start_response(status, headers, *args)

        return self.app(environ, counting_start)


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    data_dir = tmp_path_factory.mktemp("schemathesis-platform")

    def settings_for(name: str) -> Settings:
        return replace(
            Settings.from_env(name),
            data_dir=data_dir,
            database_url=f"sqlite:///{data_dir / name}.db",
            amqp_url="",
            log_level="WARNING",
        )

    platform = Platform.build(settings_for=settings_for)
    token = mint_token(settings_for("intake"), sub="schemathesis", name="Schemathesis", roles=ROLES, units="*")
    served = Served(base="", token=token)
    server = make_server("127.0.0.1", 0, CountingApp(platform.wsgi(), served), threaded=True)
    served.base = f"http://127.0.0.1:{server.server_port}"
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    try:
        yield served
    finally:
        server.shutdown()
        thread.join(10)
        for runtime in platform.runtimes.values():
            runtime.dispose()


def config_file(service: str, path: Path) -> Path:
    """Every check on (set here: `--checks` on the command line would override the operations' own settings)."""
    lines = ["[checks]", "enabled = true", ""]
    for operation, checks in SWITCHED_OFF[service].items():
        lines += ["[[operations]]", f"include-name = {json.dumps(operation)}"]
        lines += [f"checks.{check}.enabled = false" for check in checks]
        lines.append("")
    path.write_text("\n".join(lines), encoding="utf-8")
    return path


def run_schemathesis(service: str, served: Served, reports: Path) -> dict[str, Any]:
    command = [
        sys.executable,
        "-m",
        "schemathesis.cli",
        "--config-file",
        str(config_file(service, reports / "schemathesis.toml")),
        "--no-color",
        "run",
        f"{served.base}/{service}/openapi.json",
        "--url",
        served.base,
        "--header",
        f"Authorization: Bearer {served.token}",
        "--phases",
        "examples,coverage,fuzzing,stateful",
        "--seed",
        str(SEED),
        "--max-examples",
        str(MAX_EXAMPLES),
        "--workers",
        "1",
        # a loaded machine may take seconds to answer; a timeout is no finding about the contract
        "--request-timeout",
        "60",
        "--generation-database",
        "none",
        "--report",
        "json",
        "--report-json-path",
        str(reports / "report.json"),
    ]
    done = subprocess.run(command, capture_output=True, text=True, timeout=300, check=False, cwd=reports)
    report_path = reports / "report.json"
    assert report_path.exists(), done.stdout[-4000:] + done.stderr[-4000:]
    report: dict[str, Any] = json.loads(report_path.read_text(encoding="utf-8"))
    report["output"] = done.stdout
    return report


@pytest.fixture(scope="module")
def reports(served: Served, tmp_path_factory: pytest.TempPathFactory) -> dict[str, dict[str, Any]]:
    """Every service's run, two at a time: one run keeps a core busy only while its request or the server's answer
    is being made, and the services' databases are separate files."""
    with ThreadPoolExecutor(max_workers=2) as pool:
        runs = {
            service: pool.submit(run_schemathesis, service, served, tmp_path_factory.mktemp(f"schemathesis-{service}"))
            for service in SERVICES
        }
        return {service: run.result() for service, run in runs.items()}


@pytest.mark.slow
@pytest.mark.timeout(900)  # the first test's set-up runs all four services
@pytest.mark.parametrize("service", SERVICES)
def test_openapi_document_is_true_to_the_service(
    service: str, served: Served, reports: dict[str, dict[str, Any]]
) -> None:
    report = reports[service]
    failures = {f"{f['code']} {f['title']}": (f["count"], f["operations"]) for f in report["failures"]}
    server_errors = {key: n for key, n in served.statuses.items() if key[1] >= 500}
    summary = f"{service}: {report['test_cases']['generated']} test cases, failures {failures}"
    print(summary)
    assert report["operations"]["tested"] == report["operations"]["total"] > 0, summary
    phases = report["phases"]
    assert all(phase["status"] != "error" for phase in phases.values()), (phases, report["output"][-6000:])
    assert report["errors"] == [], report["output"][-6000:]
    assert failures == {}, report["output"]
    assert server_errors == {}, summary
