"""An issuer's discovery document is checked before a configuration is saved: a small HTTP
server on this machine answers with each kind of wrong document."""

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from palg.sso import discovery


@pytest.fixture
def issuer_serving():
    """`issuer_serving(status, body)`: an issuer URL whose discovery address answers with
    `status` and `body(issuer)` (a dict as JSON, or bytes as they are)."""
    servers = []

    def serve(status: int, body) -> str:
        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):
                content = body(f"http://127.0.0.1:{self.server.server_address[1]}")
                payload = content if isinstance(content, bytes) else json.dumps(content).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.end_headers()
                self.wfile.write(payload)

            def log_message(self, *args):
                pass

        server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        servers.append(server)
        return f"http://127.0.0.1:{server.server_address[1]}"

    yield serve
    for server in servers:
        server.shutdown()
        server.server_close()


def document(**changes):
    def build(issuer: str) -> dict:
        doc = {
            "issuer": issuer,
            "authorization_endpoint": f"{issuer}/auth",
            "token_endpoint": f"{issuer}/token",
            "jwks_uri": f"{issuer}/jwks",
            "code_challenge_methods_supported": ["S256"],
        }
        doc.update(changes)
        return {key: value for key, value in doc.items() if value is not None}

    return build


def refusal(issuer: str) -> str:
    with pytest.raises(discovery.DiscoveryError) as raised:
        discovery.discover(issuer)
    return str(raised.value)


def test_a_good_document_is_accepted_with_or_without_a_trailing_slash(issuer_serving):
    issuer = issuer_serving(200, document())
    assert discovery.discover(issuer)["issuer"] == issuer
    assert discovery.discover(issuer + "/")["issuer"] == issuer


def test_a_provider_that_lists_no_pkce_methods_is_accepted(issuer_serving):
    # Entra ID's document lists none; palg sends S256 all the same.
    issuer = issuer_serving(200, document(code_challenge_methods_supported=None))
    assert discovery.discover(issuer)["issuer"] == issuer


@pytest.mark.parametrize(
    "status,changes,expected",
    [
        (404, {}, "answered HTTP 404, not a discovery document"),
        (200, {"jwks_uri": None}, "The provider's discovery document has no jwks_uri."),
        (200, {"token_endpoint": None}, "The provider's discovery document has no token_endpoint."),
        (200, {"code_challenge_methods_supported": ["plain"]}, discovery.MSG_NO_S256),
        (200, {"issuer": "https://someone.else.example"}, "The provider calls itself"),
    ],
)
def test_a_wrong_document_is_refused_saying_why(issuer_serving, status, changes, expected):
    assert expected in refusal(issuer_serving(status, document(**changes)))


def test_an_answer_that_is_not_json_is_refused(issuer_serving):
    issuer = issuer_serving(200, lambda issuer: b"<html>Hello</html>")
    assert "did not answer with a JSON discovery document" in refusal(issuer)


def test_an_address_that_is_not_a_url_is_refused():
    assert refusal("accounts.google.com") == discovery.MSG_NOT_URL


def test_plain_http_is_allowed_only_on_this_machine_or_in_debug(settings):
    assert discovery.issuer_check("http://localhost:9000/") == "http://localhost:9000"
    assert refusal("http://login.acme.example") == discovery.MSG_NOT_HTTPS
    settings.DEBUG = True
    assert discovery.issuer_check("http://login.acme.example") == "http://login.acme.example"
