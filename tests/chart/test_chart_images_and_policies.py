"""The Dockerfiles (hadolint, invariants), checkov over the rendered chart and the Dockerfiles, and the
Prometheus alerting rules (promtool check + unit tests)."""

from __future__ import annotations

import json
import re
import shutil

import pytest
from chartlib import CHART, HERE, ROOT, SERVICES, Rendered, Tools, run

DOCKERFILES = [ROOT / "services" / svc / "Dockerfile" for svc in SERVICES]
RULES = CHART / "files" / "prometheus-rules.yaml"


# ---- images -----------------------------------------------------------------------------------------------------


def test_hadolint_passes_on_every_dockerfile(tools: Tools) -> None:
    done = run([tools.bin("hadolint"), "--failure-threshold", "info", *DOCKERFILES])
    assert done.returncode == 0, done.stdout + done.stderr


def test_the_four_dockerfiles_differ_only_by_the_service_name() -> None:
    reference = DOCKERFILES[0].read_text(encoding="utf-8")
    for svc, path in zip(SERVICES, DOCKERFILES, strict=True):
        assert path.read_text(encoding="utf-8") == reference.replace("intake", svc), f"{path} drifted from intake's"


@pytest.mark.parametrize("svc", SERVICES)
def test_dockerfile_shape(svc: str) -> None:
    text = (ROOT / "services" / svc / "Dockerfile").read_text(encoding="utf-8")
    stages = re.split(r"^FROM ", text, flags=re.M)[1:]
    assert len(stages) == 2, "a build stage and a runtime stage"
    build, runtime = stages
    assert build.startswith("${PYTHON_IMAGE} AS build")
    assert runtime.startswith("${PYTHON_IMAGE} AS runtime")
    assert "ARG PYTHON_IMAGE=python:3.11-slim" in text
    # Dependencies: exactly the lock, hash-checked, wheels only; then ours without dependencies.
    assert "pip install --require-hashes --only-binary=:all: -r requirements/lock.txt" in build
    assert f"pip install --no-deps --no-build-isolation ./kit ./services/{svc}" in build
    # The runtime stage copies the venv and installs nothing: no compiler, no apt, no pip.
    assert "COPY --from=build /opt/venv /opt/venv" in runtime
    assert not re.search(r"apt-get|apk |pip install|gcc|build-essential", runtime)
    user = re.findall(r"^USER (\S+)", runtime, flags=re.M)
    assert user == ["10001:10001"], "numeric non-root user, so runAsNonRoot can verify it"
    assert "PROMETHEUS_MULTIPROC_DIR=/tmp/metrics" in runtime
    assert "PYTHONDONTWRITEBYTECODE=1" in runtime, "nothing written next to the code: read-only root filesystem"
    cmd = re.findall(r"^CMD (.+)$", runtime, flags=re.M)
    assert [json.loads(c) for c in cmd] == [
        ["gunicorn", "-c", "python:tiepdan.kit.gunicorn_conf", f"tiepdan.{svc}.app:create_app()"]
    ]
    assert "ENTRYPOINT" not in runtime, "Kubernetes `args` replace CMD to run the worker and the migrations"


def test_the_build_context_keeps_only_what_the_images_need() -> None:
    ignore = (ROOT / ".dockerignore").read_text(encoding="utf-8").splitlines()
    rules = [line for line in ignore if line and not line.startswith("#")]
    assert rules[0] == "**", "everything is excluded first, then the few inputs are let back in"
    allowed = {line[1:] for line in rules if line.startswith("!")}
    assert allowed == {
        "requirements/lock.txt",
        "kit/pyproject.toml",
        "kit/src/",
        "services/*/pyproject.toml",
        "services/*/src/",
    }
    for path in DOCKERFILES:
        copied = re.findall(r"^COPY (?!--from)(\S+)", path.read_text(encoding="utf-8"), flags=re.M)
        for source in copied:
            assert any(source.rstrip("/").startswith(a.split("/")[0]) for a in allowed), source
            assert (ROOT / source).exists(), f"{path}: COPY {source} does not exist"


# ---- checkov ----------------------------------------------------------------------------------------------------


def test_checkov_finds_nothing_in_the_chart_or_the_dockerfiles(
    tools: Tools, rendered: dict[str, Rendered], tmp_path_factory: pytest.TempPathFactory
) -> None:
    """Every check passes or is skipped in place with its reason (checkov.io/skip annotations in the templates,
    `# checkov:skip=` comments in the Dockerfiles).

    The chart is scanned as it is installed: rendered into a real namespace (checkov's own helm runner renders
    into `default` and trips CKV_K8S_21 on every resource). The production set covers every kind the chart can
    render (operators, HPA, monitoring), the default set the external-server variant; the others differ only
    in numbers. One checkov run over one folder, because its start-up dominates the time.
    """
    folder = tmp_path_factory.mktemp("checkov")
    for name in ("default", "production"):
        (folder / f"{name}.yaml").write_text(rendered[name].path.read_text(encoding="utf-8"), encoding="utf-8")
    for path in DOCKERFILES:
        (folder / path.parent.name).mkdir()
        shutil.copy(path, folder / path.parent.name / "Dockerfile")
    cmd = [tools.bin("checkov"), "--skip-download", "--quiet", "--compact", "--output", "json"]
    done = run([*cmd, "--framework", "kubernetes", "dockerfile", "-d", folder], timeout=300)
    reports = json.loads(done.stdout)
    reports = reports if isinstance(reports, list) else [reports]
    failed = [
        f"{c['check_id']} {c['resource']} ({c['file_path']}): {c['check_name']}"
        for report in reports
        for c in report.get("results", {}).get("failed_checks", [])
    ]
    assert not failed, "\n".join(failed)
    passed = {report["check_type"]: report["summary"]["passed"] for report in reports}
    assert passed.get("kubernetes", 0) > 1000, passed
    assert passed.get("dockerfile", 0) > 100, passed
    assert done.returncode == 0, done.stderr[-2000:]


# ---- Prometheus rules -------------------------------------------------------------------------------------------


def test_promtool_check_rules(promtool: str) -> None:
    done = run([promtool, "check", "rules", RULES])
    assert done.returncode == 0, done.stdout + done.stderr
    assert "SUCCESS: 6 rules found" in done.stdout


def test_promtool_unit_tests_fire_every_alert(promtool: str) -> None:
    tests = HERE / "prometheus-rules.test.yaml"
    done = run([promtool, "test", "rules", tests.relative_to(HERE)], cwd=HERE)
    assert done.returncode == 0, done.stdout + done.stderr
    alerts = set(re.findall(r"^\s+- alert: (\w+)", RULES.read_text(encoding="utf-8"), flags=re.M))
    tested = set(re.findall(r"alertname: (\w+)", tests.read_text(encoding="utf-8")))
    assert alerts == tested, f"alerts without a unit test: {sorted(alerts - tested)}"
