"""The OpenAPI schema and the interactive docs, which must work under the strict CSP."""

from palg.api.api import api


def test_it_serves_the_openapi_schema(client, db):
    response = client.get("/api/openapi.json")
    assert response.status_code == 200
    assert response.json()["openapi"].startswith("3.1")


def test_it_serves_the_docs_from_its_own_static_files(client, db):
    response = client.get("/api/docs")
    assert response.status_code == 200
    html = response.content.decode()
    assert "/static/ninja/swagger-ui-bundle.js" in html
    assert "http://" not in html and "https://" not in html
    assert "script-src 'self'" in response["Content-Security-Policy"]


def test_it_runs_no_inline_script_on_the_docs_page(client, db):
    html = client.get("/api/docs").content.decode()
    # The only inline <script> is a JSON data block, which browsers never execute.
    inline = [part for part in html.split("<script")[1:] if "src=" not in part.split(">")[0]]
    assert all('type="application/json"' in part.split(">")[0] for part in inline)


def test_it_gives_every_operation_an_id_a_summary_and_a_tag():
    schema = api.get_openapi_schema()
    operations = [op for path in schema["paths"].values() for op in path.values()]
    ids = [op["operationId"] for op in operations]
    assert len(ids) == len(set(ids))
    assert all(op_id.replace("_", "").isalpha() and op_id.islower() for op_id in ids)
    assert all(op.get("summary") and op.get("tags") for op in operations)
