"""Shared helpers of the chart tests: paths, the value sets, running tools, rendered manifests."""

from __future__ import annotations

import json
import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
CHART = ROOT / "charts" / "tiepdan"
HERE = Path(__file__).resolve().parent
SERVICES = ("intake", "roster", "alerts", "reports", "console")
#: The services with a worker Deployment (the console serves pages and has nothing for a worker to do).
WORKER_SERVICES = ("intake", "roster", "alerts", "reports")
NAMESPACE = "ward"
RELEASE = "tiepdan"

#: Value sets rendered by the tests: the three CI sets and the documented ward example.
VALUE_SETS = {
    "default": CHART / "ci" / "default-values.yaml",
    "production": CHART / "ci" / "production-values.yaml",
    "minimal": CHART / "ci" / "minimal-values.yaml",
    "ward": CHART / "examples" / "ward.yaml",
}


@dataclass(frozen=True)
class Tools:
    helm: Path
    venv: Path  # .venv-chart

    @property
    def python(self) -> Path:
        return self.venv / "bin" / "python"

    def bin(self, name: str) -> Path:
        return self.venv / "bin" / name


def run(cmd: list[str | Path], cwd: Path = ROOT, **kwargs: Any) -> subprocess.CompletedProcess[str]:
    """Run a tool; the output is returned for the assertion message."""
    return subprocess.run([str(c) for c in cmd], capture_output=True, text=True, cwd=cwd, **kwargs)


def helm_template(tools: Tools, values: Path | None, *extra: str) -> subprocess.CompletedProcess[str]:
    cmd: list[str | Path] = [tools.helm, "template", RELEASE, CHART, "--namespace", NAMESPACE]
    if values is not None:
        cmd += ["-f", values]
    return run([*cmd, *extra])


def to_docs(tools: Tools, manifest: str) -> list[dict[str, Any]]:
    done = run([tools.python, HERE / "yamltool.py", "tojson"], input=manifest)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


@dataclass(frozen=True)
class Rendered:
    name: str
    path: Path
    docs: list[dict[str, Any]]

    def kind(self, kind: str) -> list[dict[str, Any]]:
        return [d for d in self.docs if d["kind"] == kind]

    def one(self, kind: str, name: str) -> dict[str, Any]:
        found = [d for d in self.kind(kind) if d["metadata"]["name"] == name]
        assert len(found) == 1, f"{self.name}: expected one {kind} {name}, found {len(found)}"
        return found[0]

    def workloads(self) -> list[dict[str, Any]]:
        """Everything that runs pods."""
        return [d for d in self.docs if d["kind"] in ("Deployment", "StatefulSet", "DaemonSet", "Job", "CronJob")]


def pod_spec(workload: dict[str, Any]) -> dict[str, Any]:
    if workload["kind"] == "CronJob":
        return workload["spec"]["jobTemplate"]["spec"]["template"]["spec"]
    return workload["spec"]["template"]["spec"]


def pod_labels(workload: dict[str, Any]) -> dict[str, str]:
    if workload["kind"] == "CronJob":
        return workload["spec"]["jobTemplate"]["spec"]["template"]["metadata"]["labels"]
    return workload["spec"]["template"]["metadata"]["labels"]
