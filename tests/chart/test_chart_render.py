"""The Helm chart: lint, render with every value set, validate offline, and assert the rules of issue 7."""

from __future__ import annotations

import json
import re
from typing import Any

import pytest
from chartlib import (
    CHART,
    HERE,
    NAMESPACE,
    RELEASE,
    ROOT,
    SERVICES,
    VALUE_SETS,
    WORKER_SERVICES,
    Rendered,
    Tools,
    helm_template,
    pod_labels,
    pod_spec,
    run,
    to_docs,
)

#: The URL space (docs/architecture.md "Services"): every prefix and the one service that owns it.
ROUTES = {
    "/api/v1/visits": "intake",
    "/api/v1/petitions": "intake",
    "/api/v1/cases": "intake",
    "/api/v1/register": "intake",
    "/api/v1/deadlines": "intake",
    "/api/v1/papers": "intake",
    "/api/v1/lookup": "intake",
    "/api/v1/enforcements": "intake",
    "/api/v1/outreach": "intake",
    "/api/v1/response-plans": "intake",
    "/api/v1/staff": "roster",
    "/api/v1/agencies": "roster",
    "/api/v1/calendar": "roster",
    "/api/v1/coverage-rules": "roster",
    "/api/v1/rosters": "roster",
    "/api/v1/duty": "roster",
    "/api/v1/working-groups": "roster",
    "/api/v1/receptions": "roster",
    "/api/v1/incidents": "roster",
    "/api/v1/alerts": "alerts",
    "/api/v1/alert-rules": "alerts",
    "/api/v1/silences": "alerts",
    "/api/v1/inbound-reports": "alerts",
    "/api/v1/inbox": "alerts",
    "/api/v1/figures": "reports",
    "/api/v1/reports": "reports",
    "/api/v1/reconciliation": "reports",
    "/api/v1/units": "reports",
    "/": "console",  # every other path: the pages, sign-in, /oauth/token, /.well-known/jwks.json
}
#: Kubernetes versions validated against: the chart's kubeVersion floor and a recent one.
KUBE_VERSIONS = ("1.27.0", "1.35.0")
PRIVATE_REGISTRY = "registry.tinh.example"  # global.imageRegistry in ci/production-values.yaml
#: Env var names whose values are credentials: never a literal value in a manifest.
SECRET_NAME = re.compile(r"SECRET|PASSWORD|TOKEN|_KEYS?$|PRIVATE|DATABASE_URL|AMQP_URL|WEBHOOK_URL_TOKEN")

ALL_SETS = list(VALUE_SETS)


def containers(workload: dict[str, Any]) -> list[dict[str, Any]]:
    spec = pod_spec(workload)
    return spec.get("initContainers", []) + spec["containers"]


def name_of(workload: dict[str, Any], container: dict[str, Any] | None = None) -> str:
    base = f"{workload['kind']}/{workload['metadata']['name']}"
    return f"{base}[{container['name']}]" if container else base


# ---- lint, render, schemas ------------------------------------------------------------------------------------


@pytest.mark.parametrize("value_set", ALL_SETS)
def test_helm_lint_strict(tools: Tools, value_set: str) -> None:
    done = run([tools.helm, "lint", "--strict", CHART, "--namespace", NAMESPACE, "-f", VALUE_SETS[value_set]])
    assert done.returncode == 0, done.stdout + done.stderr


def test_every_document_matches_the_kubernetes_openapi_schemas(tools: Tools, rendered: dict[str, Rendered]) -> None:
    docs = [d for r in rendered.values() for d in r.docs]
    done = run([tools.python, HERE / "yamltool.py", "k8s", *KUBE_VERSIONS], input=json.dumps(docs))
    assert done.returncode == 0, done.stdout + done.stderr
    assert re.match(r"[1-9][0-9]+ documents checked", done.stdout), done.stdout


def test_the_schema_check_catches_a_wrong_field(tools: Tools) -> None:
    bad = {"apiVersion": "v1", "kind": "Service", "metadata": {"name": "x"}, "spec": {"ports": [{"port": "eighty"}]}}
    typo = {"apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": "y"}, "spec": {"replica": 1}}
    done = run([tools.python, HERE / "yamltool.py", "k8s", KUBE_VERSIONS[0]], input=json.dumps([bad, typo]))
    assert done.returncode == 1
    assert "spec.ports.0.port" in done.stdout
    assert "replica" in done.stdout


def test_custom_resources_use_only_known_fields(tools: Tools, rendered: dict[str, Rendered]) -> None:
    docs = [d for r in rendered.values() for d in r.docs]
    assert {"Cluster", "RabbitmqCluster", "ServiceMonitor", "PrometheusRule"} <= {d["kind"] for d in docs}
    done = run([tools.python, HERE / "yamltool.py", "crds", HERE / "crd-schemas"], input=json.dumps(docs))
    assert done.returncode == 0, done.stdout + done.stderr


def test_values_schema_rejects_typos_and_wrong_types(tools: Tools) -> None:
    for bad in ("wbe.replicaCount=2", "web.replicaCount=two", "containerSecurityContext.readOnlyRootFilesystem=false"):
        done = helm_template(tools, None, "--set", bad)
        assert done.returncode != 0, f"--set {bad} was accepted"
        assert "values don't meet the specifications of the schema" in done.stderr or "schema" in done.stderr


def test_a_missing_secret_reference_fails_with_the_value_to_set(tools: Tools) -> None:
    done = helm_template(tools, None, "--set", "jwt.existingSecret=")
    assert done.returncode != 0
    done = helm_template(tools, None, "--set", "externalDatabase.existingSecret=")
    assert done.returncode != 0
    assert "externalDatabase.existingSecret is required" in done.stderr


# ---- every container ------------------------------------------------------------------------------------------


@pytest.mark.parametrize("value_set", ALL_SETS)
def test_every_pod_and_container_is_locked_down(rendered: dict[str, Rendered], value_set: str) -> None:
    workloads = rendered[value_set].workloads()
    assert workloads
    for workload in workloads:
        spec = pod_spec(workload)
        assert spec["automountServiceAccountToken"] is False, name_of(workload)
        assert spec.get("hostNetwork") is not True, name_of(workload)
        assert spec.get("hostPID") is not True, name_of(workload)
        pod_sc = spec["securityContext"]
        assert pod_sc["runAsNonRoot"] is True, name_of(workload)
        assert pod_sc["seccompProfile"]["type"] == "RuntimeDefault", name_of(workload)
        writable = {m["mountPath"] for c in containers(workload) for m in c.get("volumeMounts", [])}
        assert "/tmp" in writable, f"{name_of(workload)}: /tmp must be an emptyDir (read-only root filesystem)"
        for volume in spec.get("volumes", []):
            assert set(volume) & {"emptyDir", "secret", "configMap", "projected"}, f"{name_of(workload)}: {volume}"
        for container in containers(workload):
            where = name_of(workload, container)
            sc = container["securityContext"]
            assert sc["runAsNonRoot"] is True, where
            assert sc["readOnlyRootFilesystem"] is True, where
            assert sc["allowPrivilegeEscalation"] is False, where
            assert sc.get("privileged", False) is False, where
            assert sc["capabilities"]["drop"] == ["ALL"], where
            assert not sc["capabilities"].get("add"), where
            assert sc["seccompProfile"]["type"] == "RuntimeDefault", where
            resources = container["resources"]
            for kind in ("requests", "limits"):
                assert {"cpu", "memory"} <= set(resources.get(kind, {})), f"{where}: resources.{kind}"


@pytest.mark.parametrize("value_set", ALL_SETS)
def test_long_running_containers_have_all_three_probes(rendered: dict[str, Rendered], value_set: str) -> None:
    deployments = rendered[value_set].kind("Deployment")
    assert len(deployments) == len(SERVICES) + len(WORKER_SERVICES)
    for deployment in deployments:
        for container in pod_spec(deployment)["containers"]:
            where = name_of(deployment, container)
            for probe in ("livenessProbe", "readinessProbe", "startupProbe"):
                assert probe in container, f"{where}: no {probe}"
            probed = {
                probe: container[probe]["httpGet"] for probe in ("livenessProbe", "readinessProbe", "startupProbe")
            }
            # web and worker alike: liveness and startup on /healthz, readiness on /readyz, which asks the web
            # process for its database and the worker for its database and broker (Runtime.readiness_problems)
            paths = {probe: get["path"] for probe, get in probed.items()}
            assert paths == {"livenessProbe": "/healthz", "readinessProbe": "/readyz", "startupProbe": "/healthz"}, (
                where
            )
            if container["name"] == "web":
                assert {get["port"] for get in probed.values()} == {"http"}, where
                assert "args" not in container, f"{where}: the image's CMD runs gunicorn"
                assert "command" not in container, where
            else:
                assert {get["port"] for get in probed.values()} == {"metrics"}, where
                svc = deployment["metadata"]["labels"]["tiepdan.io/service"]
                assert container["args"] == ["tiepdan", "worker", svc], where


@pytest.mark.parametrize("value_set", ALL_SETS)
def test_no_secret_is_inlined(rendered: dict[str, Rendered], value_set: str) -> None:
    docs = rendered[value_set].docs
    assert not [d for d in docs if d["kind"] == "Secret"], "the chart never renders a Secret: only references"
    for workload in rendered[value_set].workloads():
        for container in containers(workload):
            where = name_of(workload, container)
            assert "envFrom" not in container, where
            for env in container.get("env", []):
                if "valueFrom" in env:
                    assert set(env["valueFrom"]) <= {"secretKeyRef", "fieldRef"}, f"{where}: {env['name']}"
                    continue
                if SECRET_NAME.search(env["name"]):
                    # Only URLs built from references: no password in them, or $(VAR) filled in by the kubelet.
                    value = env["value"]
                    assert "://" in value, f"{where}: {env['name']} has a literal value"
                    userinfo = value.split("://", 1)[1].split("@", 1)[0] if "@" in value else ""
                    password = userinfo.split(":", 1)[1] if ":" in userinfo else ""
                    assert password in ("", "$(TIEPDAN_AMQP_PASSWORD)"), f"{where}: {env['name']} inlines a password"
    text = rendered[value_set].path.read_text(encoding="utf-8")
    assert "PRIVATE KEY" not in text
    assert not re.search(r"://[^/\s:@]+:[^$\s@][^\s@]*@", text), "a URL with a literal password"


def test_images_come_only_from_the_private_registry_when_one_is_set(rendered: dict[str, Rendered]) -> None:
    production = rendered["production"]
    images = [c["image"] for w in production.workloads() for c in containers(w)]
    images += [d["spec"]["imageName"] for d in production.kind("Cluster")]
    images += [d["spec"]["image"] for d in production.kind("RabbitmqCluster")]
    # web, worker and migrations per service (the console: no worker), a database per service, the broker
    assert len(images) >= 3 * len(SERVICES) - (len(SERVICES) - len(WORKER_SERVICES)) + len(SERVICES) + 1
    for image in images:
        assert image.startswith(PRIVATE_REGISTRY + "/"), image
    for workload in production.workloads():
        assert pod_spec(workload)["imagePullSecrets"] == [{"name": "registry-tinh"}], name_of(workload)


def test_image_names_and_digest(tools: Tools) -> None:
    digest = "sha256:" + "ab" * 32
    done = helm_template(tools, None, "--set", f"image.digest={digest}", "--set", "image.registry=reg.local:5000")
    assert done.returncode == 0, done.stderr
    assert f'image: "reg.local:5000/tiepdan/intake@{digest}"' in done.stdout


#: Variables the chart sets that no Python source reads: libpq's password, gunicorn_conf's own settings (read by
#: name in kit/src/tiepdan/kit/gunicorn_conf.py too, but listed for clarity), and the operator credentials that
#: only feed $(VAR) expansion in TIEPDAN_AMQP_URL.
NOT_READ_BY_OUR_CODE = {"PGPASSWORD", "TIEPDAN_AMQP_USERNAME", "TIEPDAN_AMQP_PASSWORD"}


def test_every_variable_the_chart_sets_is_read_by_the_code(rendered: dict[str, Rendered]) -> None:
    """A misspelt variable is silently ignored by a pod: every name must occur in the kit or a service."""
    sources = [ROOT / "kit" / "src", *(ROOT / "services" / svc / "src" for svc in SERVICES)]
    code = "\n".join(p.read_text(encoding="utf-8") for folder in sources for p in folder.rglob("*.py"))
    names = {
        env["name"]
        for r in rendered.values()
        for workload in r.workloads()
        for container in containers(workload)
        for env in container.get("env", [])
    }
    # The per-service database URL's name is built: config.py reads f"TIEPDAN_{service.upper()}_DATABASE_URL".
    assert 'f"TIEPDAN_{service.upper()}_DATABASE_URL"' in code
    built = {f"TIEPDAN_{svc.upper()}_DATABASE_URL" for svc in SERVICES}
    # ... and the console's address of each API: f"TIEPDAN_CONSOLE_{service.upper()}_URL".
    assert 'f"TIEPDAN_CONSOLE_{service.upper()}_URL"' in code
    built |= {f"TIEPDAN_CONSOLE_{svc.upper()}_URL" for svc in WORKER_SERVICES}
    # ... and the mail settings: tiepdan.kit.mail reads f"{ENV_PREFIX}HOST" and so on.
    assert 'ENV_PREFIX = "TIEPDAN_SMTP_"' in code
    built |= {f"TIEPDAN_SMTP_{suffix}" for suffix in re.findall(r'f"\{ENV_PREFIX\}([A-Z_]+)"', code)}
    ignored = NOT_READ_BY_OUR_CODE | built
    unknown = sorted(n for n in names - ignored if f'"{n}"' not in code and f"'{n}'" not in code)
    assert not unknown, f"set by the chart, read nowhere: {unknown}"


# ---- network ----------------------------------------------------------------------------------------------------


def selects(policy: dict[str, Any], labels: dict[str, str]) -> bool:
    wanted = policy["spec"]["podSelector"].get("matchLabels", {})
    return all(labels.get(k) == v for k, v in wanted.items())


@pytest.mark.parametrize("value_set", ALL_SETS)
def test_every_pod_is_isolated_by_a_network_policy(rendered: dict[str, Rendered], value_set: str) -> None:
    r = rendered[value_set]
    policies = r.kind("NetworkPolicy")
    for workload in r.workloads():
        mine = [p for p in policies if selects(p, pod_labels(workload))]
        assert len(mine) == 1, f"{name_of(workload)}: {len(mine)} NetworkPolicies select it"
        policy = mine[0]["spec"]
        assert policy["policyTypes"] == ["Ingress", "Egress"], name_of(workload)
        component = pod_labels(workload)["app.kubernetes.io/component"]
        egress_ports = {(p["port"], p.get("protocol")) for rule in policy["egress"] for p in rule.get("ports", [])}
        assert {(53, "UDP"), (5432, "TCP")} <= egress_ports, f"{name_of(workload)}: DNS and PostgreSQL"
        if component.endswith("-migrations"):
            assert policy["ingress"] == [], name_of(workload)
            assert (5672, "TCP") not in egress_ports, "migrations need the database only"
            continue
        assert (5672, "TCP") in egress_ports, f"{name_of(workload)}: RabbitMQ"
        if component.endswith("-web"):
            sources = [peer for rule in policy["ingress"] for peer in rule["from"]]
            assert any(
                p.get("podSelector", {}).get("matchLabels", {}).get("app.kubernetes.io/name") == "ingress-nginx"
                for p in sources
            ), f"{name_of(workload)}: ingress controller → web"
        else:
            for rule in policy["ingress"]:
                assert [p["port"] for p in rule["ports"]] == ["metrics"], f"{name_of(workload)}: only scraping"


def test_only_the_alerts_and_reports_workers_reach_their_webhooks(rendered: dict[str, Rendered]) -> None:
    production = rendered["production"]
    for svc in WORKER_SERVICES:
        policy = production.one("NetworkPolicy", f"{RELEASE}-{svc}-worker")
        https = [rule for rule in policy["spec"]["egress"] if {"port": 443, "protocol": "TCP"} in rule.get("ports", [])]
        if svc in ("alerts", "reports"):
            assert len(https) == 1, svc
            assert "ipBlock" in https[0]["to"][0], svc
        else:
            assert not https, svc
        web = production.one("NetworkPolicy", f"{RELEASE}-{svc}")
        assert not [r for r in web["spec"]["egress"] if {"port": 443, "protocol": "TCP"} in r.get("ports", [])]


def test_only_the_console_reaches_the_identity_provider(rendered: dict[str, Rendered]) -> None:
    production = rendered["production"]
    for svc in SERVICES:
        egress = production.one("NetworkPolicy", f"{RELEASE}-{svc}")["spec"]["egress"]
        https = [rule for rule in egress if {"port": 443, "protocol": "TCP"} in rule.get("ports", [])]
        assert len(https) == (1 if svc == "console" else 0), svc
    assert "ipBlock" not in str(rendered["default"].one("NetworkPolicy", f"{RELEASE}-console")["spec"]["egress"])


def test_with_the_operators_pods_reach_only_their_own_database(rendered: dict[str, Rendered]) -> None:
    production = rendered["production"]
    for svc in SERVICES:
        components = ("", "-worker", "-migrations") if svc in WORKER_SERVICES else ("", "-migrations")
        for name in (f"{RELEASE}-{svc}{component}" for component in components):
            egress = production.one("NetworkPolicy", name)["spec"]["egress"]
            clusters = [
                peer["podSelector"]["matchLabels"]["cnpg.io/cluster"]
                for rule in egress
                for peer in rule.get("to", [])
                if "cnpg.io/cluster" in peer.get("podSelector", {}).get("matchLabels", {})
            ]
            assert clusters == [f"{RELEASE}-{svc}-pg"], name


# ---- ingress, scaling, hooks, operators, monitoring ------------------------------------------------------------


@pytest.mark.parametrize("value_set", ["default", "production", "ward"])
def test_one_ingress_serves_the_whole_url_space(rendered: dict[str, Rendered], value_set: str) -> None:
    (ingress,) = rendered[value_set].kind("Ingress")
    (rule,) = ingress["spec"]["rules"]
    routes = {p["path"]: p["backend"]["service"]["name"] for p in rule["http"]["paths"]}
    assert routes == {path: f"{RELEASE}-{svc}" for path, svc in ROUTES.items()}
    services = {s["metadata"]["name"]: s for s in rendered[value_set].kind("Service")}
    for backend in set(routes.values()):
        assert [p["name"] for p in services[backend]["spec"]["ports"]] == ["http"]
    for path in rule["http"]["paths"]:
        assert path["pathType"] == "Prefix"
        assert path["backend"]["service"]["port"] == {"name": "http"}


def test_the_ingress_routes_exactly_what_each_service_serves() -> None:
    """The services declare the prefixes they own (ServiceSpec.resources, what `make run` routes by): the chart's
    default `paths` must be the same, or an endpoint is unreachable behind the Ingress."""
    from tiepdan.kit.service import discover_services

    declared = {svc: set(spec.resources) for svc, spec in discover_services().items()}
    routed: dict[str, set[str]] = {}
    for path, svc in ROUTES.items():
        routed.setdefault(svc, set()).add(path)
    assert routed == declared


def test_production_has_tls_hpa_and_pdb(rendered: dict[str, Rendered]) -> None:
    production = rendered["production"]
    (ingress,) = production.kind("Ingress")
    assert ingress["spec"]["tls"] == [{"hosts": ["tiepdan.tinh.example"], "secretName": "tiepdan-tls"}]
    hpas = {h["spec"]["scaleTargetRef"]["name"]: h for h in production.kind("HorizontalPodAutoscaler")}
    assert set(hpas) == {d["metadata"]["name"] for d in production.kind("Deployment")}
    assert hpas[f"{RELEASE}-intake"]["spec"]["maxReplicas"] == 12  # the per-service override wins
    assert hpas[f"{RELEASE}-roster"]["spec"]["maxReplicas"] == 8  # the chart-wide web setting
    for deployment in production.kind("Deployment"):
        assert "replicas" not in deployment["spec"], "the HPA owns the replica count"
    assert len(production.kind("PodDisruptionBudget")) == len(SERVICES) + len(WORKER_SERVICES)


def test_minimal_switches_things_off(rendered: dict[str, Rendered]) -> None:
    minimal = rendered["minimal"]
    for kind in ("Ingress", "PodDisruptionBudget", "HorizontalPodAutoscaler", "ServiceMonitor", "PrometheusRule"):
        assert not minimal.kind(kind), kind
    assert minimal.kind("NetworkPolicy"), "isolation is not optional, even in the smallest install"
    roster_worker = minimal.one("Deployment", f"{RELEASE}-roster-worker")
    assert pod_spec(roster_worker)["containers"][0]["resources"] == {
        "requests": {"cpu": "25m", "memory": "128Mi"},
        "limits": {"cpu": "500m", "memory": "512Mi"},
    }, "a service override merges key by key over the chart-wide worker defaults"


@pytest.mark.parametrize(
    ("value_set", "hook"), [("default", "pre-install,pre-upgrade"), ("production", "post-install,pre-upgrade")]
)
def test_migrations_run_as_hooks_before_the_new_pods(rendered: dict[str, Rendered], value_set: str, hook: str) -> None:
    r = rendered[value_set]
    jobs = {j["metadata"]["name"]: j for j in r.kind("Job")}
    assert set(jobs) == {f"{RELEASE}-{svc}-migrations" for svc in SERVICES}
    for svc in SERVICES:
        job = jobs[f"{RELEASE}-{svc}-migrations"]
        annotations = job["metadata"]["annotations"]
        assert annotations["helm.sh/hook"] == hook
        (container,) = pod_spec(job)["containers"]
        assert container["args"] == ["tiepdan", "db", "upgrade", svc]
        # What the Job needs must exist before it: hooks of a lower weight.
        account = r.one("ServiceAccount", pod_spec(job)["serviceAccountName"])
        policy = r.one("NetworkPolicy", f"{RELEASE}-{svc}-migrations")
        for needed in (account, policy):
            assert needed["metadata"]["annotations"]["helm.sh/hook"] == hook
            assert int(needed["metadata"]["annotations"]["helm.sh/hook-weight"]) < int(
                annotations["helm.sh/hook-weight"]
            )


def test_every_service_gets_its_secrets_by_reference(rendered: dict[str, Rendered]) -> None:
    default = rendered["default"]
    for svc in SERVICES:
        env = {e["name"]: e for e in pod_spec(default.one("Deployment", f"{RELEASE}-{svc}"))["containers"][0]["env"]}
        db = env[f"TIEPDAN_{svc.upper()}_DATABASE_URL"]["valueFrom"]["secretKeyRef"]
        assert db == {"name": "tiepdan-database", "key": f"{svc}-database-url"}
        assert env["TIEPDAN_AMQP_URL"]["valueFrom"]["secretKeyRef"] == {"name": "tiepdan-amqp", "key": "amqp-url"}
        assert env["TIEPDAN_JWT_PUBLIC_KEY"]["valueFrom"]["secretKeyRef"] == {
            "name": "tiepdan-jwt",
            "key": "public.pem",
        }
        has_identity = "TIEPDAN_INTAKE_IDENTITY_KEYS" in env
        assert has_identity == (svc == "intake"), "the identity keys reach intake and nothing else"
        if has_identity:
            assert env["TIEPDAN_INTAKE_IDENTITY_KEYS"]["valueFrom"]["secretKeyRef"]["name"] == "tiepdan-identity"
            assert env["TIEPDAN_INTAKE_INDEX_KEY"]["valueFrom"]["secretKeyRef"]["name"] == "tiepdan-identity"


def test_operators_render_their_clusters_only_when_enabled(rendered: dict[str, Rendered]) -> None:
    assert not rendered["default"].kind("Cluster")
    assert not rendered["default"].kind("RabbitmqCluster")
    production = rendered["production"]
    clusters = {c["metadata"]["name"]: c for c in production.kind("Cluster")}
    assert set(clusters) == {f"{RELEASE}-{svc}-pg" for svc in SERVICES}, "one database per service"
    for svc in SERVICES:
        assert clusters[f"{RELEASE}-{svc}-pg"]["spec"]["bootstrap"]["initdb"] == {
            "database": svc,
            "owner": svc,
            "encoding": "UTF8",
        }
        assert clusters[f"{RELEASE}-{svc}-pg"]["spec"]["instances"] == 3
        deployment = f"{RELEASE}-{svc}-worker" if svc in WORKER_SERVICES else f"{RELEASE}-{svc}"
        env = {e["name"]: e for e in pod_spec(production.one("Deployment", deployment))["containers"][0]["env"]}
        assert env["PGPASSWORD"]["valueFrom"]["secretKeyRef"] == {"name": f"{RELEASE}-{svc}-pg-app", "key": "password"}
        url = env[f"TIEPDAN_{svc.upper()}_DATABASE_URL"]["value"]
        assert url == f"postgresql+psycopg://{svc}@{RELEASE}-{svc}-pg-rw.{NAMESPACE}.svc:5432/{svc}"
        names = [e["name"] for e in env.values()]
        assert names.index("TIEPDAN_AMQP_PASSWORD") < names.index("TIEPDAN_AMQP_URL"), "$(VAR) needs it defined first"
    (rabbit,) = production.kind("RabbitmqCluster")
    assert rabbit["spec"]["replicas"] == 3


def test_operators_run_their_default_images_unless_a_registry_or_image_is_given(tools: Tools) -> None:
    operators = ["--set", "postgresql.operator.enabled=true", "--set", "rabbitmq.operator.enabled=true"]
    done = helm_template(tools, None, *operators)
    assert done.returncode == 0, done.stderr
    assert "imageName:" not in done.stdout
    assert not re.search(r"^  image:", done.stdout, flags=re.M), "the operators pick the operand image themselves"
    pinned = [
        "--set",
        "postgresql.operator.image=mirror.local/pg:17",
        "--set",
        "rabbitmq.operator.image=mirror.local/mq:4",
    ]
    done = helm_template(tools, None, *operators, *pinned)
    assert 'imageName: "mirror.local/pg:17"' in done.stdout
    assert 'image: "mirror.local/mq:4"' in done.stdout


def test_monitoring_objects_are_switchable_and_match_the_rule_file(tools: Tools, rendered: dict[str, Rendered]) -> None:
    for kind in ("ServiceMonitor", "PrometheusRule"):
        assert not rendered["default"].kind(kind)
    assert not [c for c in rendered["default"].kind("ConfigMap") if c["metadata"]["name"].endswith("-dashboard")]
    production = rendered["production"]
    (monitor,) = production.kind("ServiceMonitor")
    assert {e["port"] for e in monitor["spec"]["endpoints"]} == {"http", "metrics"}
    assert all(e["honorLabels"] for e in monitor["spec"]["endpoints"]), "keep our `service` label for the rules"
    assert monitor["metadata"]["labels"]["release"] == "kube-prometheus-stack"
    (rule,) = production.kind("PrometheusRule")
    rule_file = CHART / "files" / "prometheus-rules.yaml"
    done = run([tools.python, HERE / "yamltool.py", "tojson"], input=rule_file.read_text(encoding="utf-8"))
    assert rule["spec"] == json.loads(done.stdout)[0], "the PrometheusRule is the rule file, verbatim"
    alerts = {r["alert"] for g in rule["spec"]["groups"] for r in g["rules"]}
    assert alerts >= {
        "TiepdanOutboxBacklog",
        "TiepdanEventsDeadLettered",
        "TiepdanHighErrorRate",
        "TiepdanCasesOverdue",
        "TiepdanCriticalAlertUnacknowledged",
    }
    (dashboard,) = [c for c in production.kind("ConfigMap") if c["metadata"]["name"].endswith("-dashboard")]
    assert dashboard["metadata"]["labels"]["grafana_dashboard"] == "1"
    panels = json.loads(dashboard["data"]["tiepdan.json"])["panels"]
    exprs = " ".join(t["expr"] for p in panels for t in p["targets"])
    for metric in ("tiepdan_http_requests_total", "tiepdan_outbox_pending", "tiepdan_bus_dead_lettered_total"):
        assert metric in exprs


def test_worker_metrics_services_exist_for_scraping(rendered: dict[str, Rendered]) -> None:
    for svc in WORKER_SERVICES:
        service = rendered["default"].one("Service", f"{RELEASE}-{svc}-worker-metrics")
        assert service["spec"]["ports"] == [
            {"name": "metrics", "port": 9100, "targetPort": "metrics", "protocol": "TCP"}
        ]


def test_readme_documents_every_top_level_value_group() -> None:
    readme = (CHART / "README.md").read_text(encoding="utf-8")
    values = (CHART / "values.yaml").read_text(encoding="utf-8")
    top_level = re.findall(r"^([a-zA-Z]+):", values, flags=re.M)
    assert top_level
    for key in top_level:
        assert f"`{key}" in readme, f"README.md says nothing about `{key}`"


def test_values_schema_is_valid_json_and_closed() -> None:
    schema = json.loads((CHART / "values.schema.json").read_text(encoding="utf-8"))
    assert schema["additionalProperties"] is False
    values_keys = set(re.findall(r"^([a-zA-Z]+):", (CHART / "values.yaml").read_text(encoding="utf-8"), flags=re.M))
    assert values_keys == set(schema["properties"]), "values.yaml and values.schema.json name the same groups"


# ---- the console ------------------------------------------------------------------------------------------------


def test_the_services_verify_tokens_against_the_consoles_jwks_and_it_calls_them(rendered: dict[str, Rendered]) -> None:
    default = rendered["default"]
    jwks = f"http://{RELEASE}-console.{NAMESPACE}.svc:80/.well-known/jwks.json"
    for svc in WORKER_SERVICES:
        for deployment in (f"{RELEASE}-{svc}", f"{RELEASE}-{svc}-worker"):
            env = {e["name"]: e for e in pod_spec(default.one("Deployment", deployment))["containers"][0]["env"]}
            assert env["TIEPDAN_JWT_JWKS_URL"]["value"] == jwks, deployment
    console = {e["name"]: e for e in pod_spec(default.one("Deployment", f"{RELEASE}-console"))["containers"][0]["env"]}
    for svc in WORKER_SERVICES:
        assert console[f"TIEPDAN_CONSOLE_{svc.upper()}_URL"]["value"] == f"http://{RELEASE}-{svc}.{NAMESPACE}.svc:80"
    assert "TIEPDAN_CONSOLE_ADMIN_PASSWORD" not in console, "no first administrator unless a Secret is named"


def test_the_first_administrators_password_comes_from_a_secret(tools: Tools) -> None:
    done = helm_template(
        tools,
        None,
        "--set",
        "console.adminPassword.existingSecret=tiepdan-console",
        "--show-only",
        "templates/deployments.yaml",
    )
    assert done.returncode == 0, done.stderr
    assert (
        "- name: TIEPDAN_CONSOLE_ADMIN_PASSWORD\n"
        "              valueFrom:\n"
        "                secretKeyRef:\n"
        '                  name: "tiepdan-console"\n'
        '                  key: "admin-password"'
    ) in done.stdout


def test_the_console_and_the_api_web_pods_reach_each_other_and_nothing_else_does(rendered: dict[str, Rendered]) -> None:
    default = rendered["default"]
    console_web = {"app.kubernetes.io/component": "console-web"}
    console_policy = default.one("NetworkPolicy", f"{RELEASE}-console")
    to_apis = [
        peer["podSelector"]
        for rule in console_policy["spec"]["egress"]
        for peer in rule.get("to", [])
        if "matchExpressions" in peer.get("podSelector", {})
    ]
    assert to_apis == [
        {
            "matchLabels": {"app.kubernetes.io/name": "tiepdan", "app.kubernetes.io/instance": RELEASE},
            "matchExpressions": [
                {
                    "key": "app.kubernetes.io/component",
                    "operator": "In",
                    "values": [f"{svc}-web" for svc in WORKER_SERVICES],
                }
            ],
        }
    ]
    for svc in WORKER_SERVICES:
        web = default.one("NetworkPolicy", f"{RELEASE}-{svc}")["spec"]
        for direction, key in (("ingress", "from"), ("egress", "to")):
            peers = [p for rule in web[direction] for p in rule.get(key, [])]
            assert any(console_web.items() <= p.get("podSelector", {}).get("matchLabels", {}).items() for p in peers), (
                f"{svc} web {direction} with the console"
            )
        worker = default.one("NetworkPolicy", f"{RELEASE}-{svc}-worker")["spec"]
        assert not any(
            console_web.items() <= p.get("podSelector", {}).get("matchLabels", {}).items()
            for rule in worker["egress"]
            for p in rule.get("to", [])
        ), f"{svc} worker needs no console"


def test_the_console_has_no_worker(rendered: dict[str, Rendered]) -> None:
    default = rendered["default"]
    names = {d["metadata"]["name"] for d in default.kind("Deployment")}
    assert f"{RELEASE}-console" in names
    assert f"{RELEASE}-console-worker" not in names


# ---- e-mail -----------------------------------------------------------------------------------------------------

MAIL_SENDERS = (f"{RELEASE}-alerts-worker", f"{RELEASE}-reports-worker")


def env_of(workload: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {e["name"]: e for e in pod_spec(workload)["containers"][0]["env"]}


def test_only_the_alerts_and_reports_workers_get_the_mail_settings(rendered: dict[str, Rendered]) -> None:
    production = rendered["production"]
    for workload in production.workloads():
        env = env_of(workload)
        if workload["metadata"]["name"] not in MAIL_SENDERS:
            assert not [n for n in env if n.startswith("TIEPDAN_SMTP_")], name_of(workload)
            assert "smtp-ca" not in str(pod_spec(workload)["volumes"]), name_of(workload)
            continue
        assert {n: e.get("value") for n, e in env.items() if n.startswith("TIEPDAN_SMTP_") and "value" in e} == {
            "TIEPDAN_SMTP_HOST": "mail.tinh.example",
            "TIEPDAN_SMTP_PORT": "587",
            "TIEPDAN_SMTP_TLS": "starttls",
            "TIEPDAN_SMTP_FROM": "tiepdan@bachquang.tinh.example",
            "TIEPDAN_SMTP_USER": "tiepdan",
            "TIEPDAN_SMTP_CA_FILE": "/etc/tiepdan/smtp-ca/ca.crt",
        }, name_of(workload)
        password = env["TIEPDAN_SMTP_PASSWORD"]
        assert "value" not in password, "the SMTP password only by reference"
        assert password["valueFrom"] == {"secretKeyRef": {"name": "tiepdan-smtp", "key": "smtp-password"}}
        spec = pod_spec(workload)
        mount = [m for m in spec["containers"][0]["volumeMounts"] if m["name"] == "smtp-ca"]
        assert mount == [{"name": "smtp-ca", "mountPath": "/etc/tiepdan/smtp-ca", "readOnly": True}]
        volume = [v for v in spec["volumes"] if v["name"] == "smtp-ca"]
        assert volume == [
            {"name": "smtp-ca", "configMap": {"name": "tinh-ca", "items": [{"key": "ca.crt", "path": "ca.crt"}]}}
        ]
    for workload in rendered["default"].workloads():
        assert not [n for n in env_of(workload) if n.startswith("TIEPDAN_SMTP_")], "no SMTP host, no mail settings"


def test_only_the_mail_sending_workers_reach_the_smtp_server(rendered: dict[str, Rendered]) -> None:
    production = rendered["production"]
    for policy in production.kind("NetworkPolicy"):
        smtp = [r for r in policy["spec"]["egress"] if {"port": 587, "protocol": "TCP"} in r.get("ports", [])]
        if policy["metadata"]["name"] in MAIL_SENDERS:
            assert smtp == [
                {"ports": [{"port": 587, "protocol": "TCP"}], "to": [{"ipBlock": {"cidr": "10.20.60.0/24"}}]}
            ]
        else:
            assert not smtp, policy["metadata"]["name"]


def test_smtps_with_a_ca_from_a_secret_and_no_login(tools: Tools) -> None:
    done = helm_template(
        tools,
        None,
        *("--set", "smtp.host=mail.example", "--set", "smtp.tls=tls"),
        *("--set", "smtp.caFile.existingSecret=mail-ca", "--set", "smtp.caFile.key=ca.pem"),
    )
    assert done.returncode == 0, done.stderr
    docs = Rendered("smtps", HERE, to_docs(tools, done.stdout))
    worker = docs.one("Deployment", f"{RELEASE}-alerts-worker")
    env = env_of(worker)
    assert env["TIEPDAN_SMTP_PORT"]["value"] == "465", "the SMTPS port when none is given"
    assert env["TIEPDAN_SMTP_CA_FILE"]["value"] == "/etc/tiepdan/smtp-ca/ca.pem"
    assert "TIEPDAN_SMTP_USER" not in env
    assert "TIEPDAN_SMTP_PASSWORD" not in env
    volume = [v for v in pod_spec(worker)["volumes"] if v["name"] == "smtp-ca"]
    assert volume == [
        {"name": "smtp-ca", "secret": {"secretName": "mail-ca", "items": [{"key": "ca.pem", "path": "ca.pem"}]}}
    ]
    assert not [d for d in docs.docs if d["kind"] == "Secret"], "the chart never renders a Secret: only references"


def test_wrong_mail_values_fail_with_the_value_to_set(tools: Tools) -> None:
    done = helm_template(tools, None, "--set", "smtp.host=mail.example", "--set", "smtp.tls=ssl")
    assert done.returncode != 0
    assert "/smtp/tls" in done.stderr, done.stderr
    done = helm_template(tools, None, "--set", "smtp.host=mail.example", "--set", "smtp.username=tiepdan")
    assert done.returncode != 0
    assert "smtp.existingSecret is required" in done.stderr, done.stderr
    both = ("--set", "smtp.caFile.existingSecret=a", "--set", "smtp.caFile.existingConfigMap=b")
    done = helm_template(tools, None, "--set", "smtp.host=mail.example", *both)
    assert done.returncode != 0
    assert "not both" in done.stderr, done.stderr
