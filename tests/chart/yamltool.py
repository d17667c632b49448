"""Runs inside .venv-chart (which has PyYAML and jsonschema; the app's .venv has neither).

    yamltool.py tojson < manifests.yaml          → JSON list of the non-empty documents
    yamltool.py k8s VERSION... < manifests.json   → validates built-in kinds against the Kubernetes OpenAPI schemas
    yamltool.py crds SCHEMA_DIR < manifests.json  → validates custom resources against SCHEMA_DIR/<Kind>.json

Built-in kinds are validated with the strict schemas that kubernetes-validate ships (offline), as its
`validate()` does, but with one validator per kind and version instead of one per document: 20x faster, which
keeps `make test` quick. kubernetes-validate has no schema for the operators' and the Prometheus operator's
custom resources, so the fields this chart sets on them are checked against subsets of their CRDs.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path


def tojson() -> int:
    import yaml

    docs = [doc for doc in yaml.safe_load_all(sys.stdin) if doc]
    json.dump(docs, sys.stdout)
    return 0


def is_builtin(api_version: str) -> bool:
    group = api_version.split("/")[0] if "/" in api_version else ""
    return "." not in group or group.endswith(".k8s.io")


def k8s(versions: list[str]) -> int:
    import re

    import jsonschema
    from kubernetes_validate.utils import all_versions, major_minor, schema_contents
    from referencing import Registry, Resource

    validators: dict[tuple[str, str, str], jsonschema.Draft202012Validator] = {}

    def validator(doc: dict, desired: str) -> jsonschema.Draft202012Validator:
        # The same schema lookup as kubernetes_validate.validate(): e.g. networking.k8s.io/v1 → networking-v1.
        version = [v for v in all_versions() if major_minor(v) <= major_minor(desired)][-1]
        api = re.sub(r"^([^./]*)(?:\.[^/]*)?/", r"\1-", doc["apiVersion"])
        key = (version, doc["kind"], api)
        if key not in validators:
            folder = f"kubernetes-json-schema/v{version}-local-strict"
            schema = schema_contents(f"{folder}/{doc['kind'].lower()}-{api}.json", desired)
            definitions = schema_contents(f"{folder}/_definitions.json", desired)
            registry = Resource.from_contents(definitions) @ (Resource.from_contents(schema) @ Registry())
            validators[key] = jsonschema.Draft202012Validator(schema, registry=registry)
        return validators[key]

    problems = []
    docs = [doc for doc in json.load(sys.stdin) if is_builtin(doc["apiVersion"])]
    for desired in versions:
        for doc in docs:
            where = f"{desired} {doc['kind']} {doc['metadata'].get('name')}"
            try:
                checker = validator(doc, desired)
            except FileNotFoundError:
                problems.append(f"{where}: no schema for {doc['apiVersion']} (removed or misspelt?)")
                continue
            for error in checker.iter_errors(doc):
                path = ".".join(str(p) for p in error.absolute_path)
                problems.append(f"{where}: {path}: {error.message}")
    print(f"{len(docs) * len(versions)} documents checked")
    print("\n".join(problems))
    return 1 if problems else 0


def crds(schema_dir: Path) -> int:
    import jsonschema

    problems = []
    for doc in json.load(sys.stdin):
        if is_builtin(doc["apiVersion"]):
            continue  # `k8s` checks those
        schema_file = schema_dir / f"{doc['kind']}.json"
        if not schema_file.is_file():
            problems.append(f"{doc['kind']} {doc['metadata']['name']}: no schema in {schema_dir}")
            continue
        schema = json.loads(schema_file.read_text(encoding="utf-8"))
        for error in jsonschema.Draft7Validator(schema).iter_errors(doc):
            path = ".".join(str(p) for p in error.absolute_path)
            problems.append(f"{doc['kind']} {doc['metadata']['name']}: {path}: {error.message}")
    print("\n".join(problems))
    return 1 if problems else 0


if __name__ == "__main__":
    if sys.argv[1:2] == ["tojson"]:
        sys.exit(tojson())
    if sys.argv[1:2] == ["k8s"] and len(sys.argv) > 2:
        sys.exit(k8s(sys.argv[2:]))
    if sys.argv[1:2] == ["crds"] and len(sys.argv) == 3:
        sys.exit(crds(Path(sys.argv[2])))
    sys.exit(__doc__)
