"""The OpenAPI document lists every intake path with its schemas; operational endpoints need no token."""


def test_openapi_lists_every_intake_path(client):
    spec = client.get("/openapi.json").get_json()
    assert {
        "/api/v1/visits",
        "/api/v1/petitions",
        "/api/v1/cases",
        "/api/v1/cases/{case_id}",
        "/api/v1/cases/{case_id}/actions",
        "/api/v1/register",
    } <= set(spec["paths"])
    visit_in = spec["components"]["schemas"]["VisitIn"]
    assert {"received_at", "reception", "headcount", "citizens", "kind", "field", "subject"} <= set(
        visit_in["properties"]
    )


def test_health_and_metrics_need_no_token(client):
    assert client.get("/healthz").status_code == 200
    assert client.get("/readyz").status_code == 200
    assert client.get("/metrics").status_code == 200
