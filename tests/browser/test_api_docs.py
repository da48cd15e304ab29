"""The interactive API docs work in a real browser under the strict CSP, from our own origin."""

import pytest

from palg.api.api import api

pytestmark = pytest.mark.browser

# Records Content-Security-Policy violations before any of the page's own scripts run.
WATCH_CSP = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.__cspViolations.push(event.violatedDirective + " " + event.blockedURI);
});
"""


def test_it_renders_the_docs_without_csp_violations_or_other_origins(live_server, page):
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    page.add_init_script(WATCH_CSP)
    page.goto(f"{live_server.url}/api/docs")
    page.wait_for_selector(".opblock")
    operations = page.locator(".opblock").count()
    page.locator(".opblock-summary").first.click()
    page.wait_for_selector(".opblock-body")
    assert operations == len(
        [op for path in api.get_openapi_schema()["paths"].values() for op in path]
    )
    assert page.evaluate("window.__cspViolations") == []
    assert all(url.startswith(live_server.url) for url in requested)
