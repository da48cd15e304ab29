"""The OpenAPI schema and the interactive docs, which must work under the strict CSP."""

import pytest

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


CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
# Records Content-Security-Policy violations before any of the page's own scripts run.
WATCH_CSP = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.__cspViolations.push(event.violatedDirective + " " + event.blockedURI);
});
"""


@pytest.mark.browser
def test_it_renders_the_docs_in_a_browser_without_csp_violations(live_server):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS
        )
        page = browser.new_page()
        requested: list[str] = []
        page.on("request", lambda request: requested.append(request.url))
        page.add_init_script(WATCH_CSP)
        page.goto(f"{live_server.url}/api/docs")
        page.wait_for_selector(".opblock")
        operations = page.locator(".opblock").count()
        page.locator(".opblock-summary").first.click()
        page.wait_for_selector(".opblock-body")
        violations = page.evaluate("window.__cspViolations")
        browser.close()
    assert operations == len(
        [op for path in api.get_openapi_schema()["paths"].values() for op in path]
    )
    assert violations == []
    assert all(url.startswith(live_server.url) for url in requested)
