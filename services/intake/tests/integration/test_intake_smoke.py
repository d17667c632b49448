from intake_testkit import CLERK, visit_body


def test_post_visit(client):
    response = client.post("/api/v1/visits", json=visit_body(), headers=CLERK)
    assert response.status_code == 201, response.get_data(as_text=True)
    print(response.get_json())
