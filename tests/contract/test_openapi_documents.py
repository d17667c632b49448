"""What the kit adds to every service's OpenAPI document: error answers as problem documents, operation ids,
the Idempotency-Key header, links that name operations the document has."""

from __future__ import annotations

from typing import Any

import pytest

from tiepdan.kit.service import ServiceSpec, discover_services
from tiepdan.kit.web import create_service_app

SERVICES = discover_services()
METHODS = {"get", "post", "put", "patch", "delete"}


@pytest.fixture(params=sorted(set(SERVICES) & {"intake", "roster", "alerts", "reports"}))
def document(request: pytest.FixtureRequest, make_runtime: Any, sqlite_url: str) -> dict[str, Any]:
    spec: ServiceSpec = SERVICES[request.param]
    runtime = make_runtime(spec, sqlite_url)
    body: dict[str, Any] = create_service_app(runtime).test_client().get("/openapi.json").get_json()
    return body


def operations(document: dict[str, Any]) -> list[tuple[str, str, dict[str, Any]]]:
    return [
        (path, method, operation)
        for path, item in document["paths"].items()
        for method, operation in item.items()
        if method in METHODS
    ]


def answer(document: dict[str, Any], response: dict[str, Any]) -> dict[str, Any]:
    if "$ref" in response:
        found: dict[str, Any] = document["components"]["responses"][response["$ref"].rsplit("/", 1)[1]]
        return found
    return response


def test_every_error_answer_is_a_problem_document(document: dict[str, Any]) -> None:
    problem = {"$ref": "#/components/schemas/Problem"}
    assert set(document["components"]["schemas"]["Problem"]["required"]) == {
        "type",
        "title",
        "status",
        "detail",
        "errors",
    }
    for path, method, operation in operations(document):
        responses = operation["responses"]
        public = operation.get("security") == []  # a citizen's lookup: no token, so no 401
        assert {"default"} | (set() if public else {"401"}) <= set(responses), (method, path)
        if "{" in path:
            assert "404" in responses, (method, path)
        if "requestBody" in operation:
            assert {"400", "413", "415", "422"} <= set(responses), (method, path)
        for status, response in responses.items():
            if status == "default" or int(status) >= 400:
                assert answer(document, response)["content"] == {"application/problem+json": {"schema": problem}}


def test_operation_ids_are_unique_and_links_name_them(document: dict[str, Any]) -> None:
    ids = [operation["operationId"] for _, _, operation in operations(document)]
    assert len(ids) == len(set(ids))
    linked = [
        link["operationId"]
        for _, _, operation in operations(document)
        for response in operation["responses"].values()
        for link in answer(document, response).get("links", {}).values()
    ]
    assert linked, "a service without links leaves the stateful phase nothing to chain"
    assert set(linked) <= set(ids)


def test_idempotent_operations_take_the_key_and_may_conflict(document: dict[str, Any]) -> None:
    keyed = [
        (path, operation)
        for path, method, operation in operations(document)
        if any(p["name"] == "Idempotency-Key" for p in operation.get("parameters", []))
    ]
    assert keyed
    for path, operation in keyed:
        assert {"409", "422"} <= set(operation["responses"]), path
