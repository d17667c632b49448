"""The Dockerfile (hadolint, invariants), checkov over the rendered chart and the Dockerfile, and the
Prometheus alerting rules (promtool check + unit tests)."""

from __future__ import annotations

import importlib.util
import json
import re
import runpy
import shutil
from pathlib import Path

import pytest
from chartlib import CHART, HERE, ROOT, SERVICES, Rendered, Tools, run

DOCKERFILE = ROOT / "Dockerfile"
RULES = CHART / "files" / "prometheus-rules.yaml"


# ---- images -----------------------------------------------------------------------------------------------------


def test_hadolint_passes_on_the_dockerfile(tools: Tools) -> None:
    done = run([tools.bin("hadolint"), "--failure-threshold", "info", DOCKERFILE])
    assert done.returncode == 0, done.stdout + done.stderr


def test_one_dockerfile_builds_every_service() -> None:
    """The service is a build argument: no Dockerfile of its own drifts from the others."""
    assert not [svc for svc in SERVICES if (ROOT / "services" / svc / "Dockerfile").exists()]
    text = DOCKERFILE.read_text(encoding="utf-8")
    for svc in SERVICES:
        assert f"tiepdan.{svc}." not in text, f"{svc} is named in the Dockerfile; it comes from ARG SERVICE"
    assert f"SERVICE=<{'|'.join(SERVICES)}>" in text, "the build instructions name every service"


def stages() -> tuple[str, str]:
    found = re.split(r"^FROM ", DOCKERFILE.read_text(encoding="utf-8"), flags=re.M)[1:]
    assert len(found) == 2, "a build stage and a runtime stage"
    return found[0], found[1]


def test_dockerfile_shape() -> None:
    text = DOCKERFILE.read_text(encoding="utf-8")
    build, runtime = stages()
    assert build.startswith("${PYTHON_IMAGE} AS build")
    assert runtime.startswith("${PYTHON_IMAGE} AS runtime")
    assert "ARG PYTHON_IMAGE=python:3.11-slim" in text
    # Dependencies: exactly the lock, hash-checked, wheels only; then ours without dependencies.
    assert "pip install --require-hashes --only-binary=:all: -r requirements/lock.txt" in build
    assert 'pip install --no-deps --no-build-isolation ./kit "./services/${SERVICE}"' in build
    # The runtime stage copies the venv and installs nothing: no compiler, no apt, no pip.
    assert "COPY --from=build /opt/venv /opt/venv" in runtime
    assert not re.search(r"apt-get|apk |pip install|gcc|build-essential", runtime)
    user = re.findall(r"^USER (\S+)", runtime, flags=re.M)
    assert user == ["10001:10001"], "numeric non-root user, so runAsNonRoot can verify it"
    assert "PROMETHEUS_MULTIPROC_DIR=/tmp/metrics" in runtime
    assert "PYTHONDONTWRITEBYTECODE=1" in runtime, "nothing written next to the code: read-only root filesystem"
    assert "ENTRYPOINT" not in runtime, "Kubernetes `args` replace CMD to run the worker and the migrations"


def test_the_service_is_a_required_build_argument_that_selects_the_app() -> None:
    build, runtime = stages()
    # Declared after the lock's layer, so the five images share it; an empty SERVICE stops the build.
    assert build.index("ARG SERVICE") > build.index("requirements/lock.txt\n")
    assert 'RUN test -n "${SERVICE}" ||' in build
    assert "COPY services/${SERVICE}/ services/${SERVICE}/" in build
    assert re.findall(r"^ARG SERVICE$", runtime, flags=re.M) == ["ARG SERVICE"]
    assert "TIEPDAN_SERVICE=${SERVICE}" in runtime
    # Exec form without the app: gunicorn_conf takes it from TIEPDAN_SERVICE, gunicorn stays PID 1.
    cmd = re.findall(r"^CMD (.+)$", runtime, flags=re.M)
    assert [json.loads(c) for c in cmd] == [["gunicorn", "-c", "python:tiepdan.kit.gunicorn_conf"]]


@pytest.mark.parametrize("svc", SERVICES)
def test_gunicorn_serves_the_app_the_image_names(svc: str, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("TIEPDAN_SERVICE", svc)
    monkeypatch.setenv("PROMETHEUS_MULTIPROC_DIR", str(tmp_path))  # else the settings module would set one
    conf = runpy.run_module("tiepdan.kit.gunicorn_conf")
    assert conf["wsgi_app"] == f"tiepdan.{svc}.app:create_app()"
    assert importlib.util.find_spec(f"tiepdan.{svc}.app") is not None


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
    copied = re.findall(r"^COPY (?!--from)(\S+)", DOCKERFILE.read_text(encoding="utf-8"), flags=re.M)
    for svc in SERVICES:
        for source in (s.replace("${SERVICE}", svc) for s in copied):
            assert any(source.rstrip("/").startswith(a.split("/")[0]) for a in allowed), source
            assert (ROOT / source).exists(), f"COPY {source} does not exist (SERVICE={svc})"


# ---- checkov ----------------------------------------------------------------------------------------------------


def test_checkov_finds_nothing_in_the_chart_or_the_dockerfile(
    tools: Tools, rendered: dict[str, Rendered], tmp_path_factory: pytest.TempPathFactory
) -> None:
    """Every check passes or is skipped in place with its reason (checkov.io/skip annotations in the templates,
    `# checkov:skip=` comments in the Dockerfile).

    The chart is scanned as it is installed: rendered into a real namespace (checkov's own helm runner renders
    into `default` and trips CKV_K8S_21 on every resource). The production set covers every kind the chart can
    render (operators, HPA, monitoring), the default set the external-server variant; the others differ only
    in numbers. One checkov run over one folder, because its start-up dominates the time.
    """
    folder = tmp_path_factory.mktemp("checkov")
    for name in ("default", "production"):
        (folder / f"{name}.yaml").write_text(rendered[name].path.read_text(encoding="utf-8"), encoding="utf-8")
    (folder / "image").mkdir()
    shutil.copy(DOCKERFILE, folder / "image" / "Dockerfile")
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
