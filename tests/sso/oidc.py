"""A real OpenID provider for the tests: tests/sso/provider/provider.mjs (panva's oidc-provider
under the machine's Node.js) in its own process, and a person signing in at its pages."""

import html
import os
import re
import shutil
import subprocess
import time
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import parse_qs, urljoin, urlsplit

import requests

from tests.processes import free_port, kill_group

PROVIDER_DIR = Path(__file__).resolve().parent / "provider"
CLIENT_ID = "palg-tests"
CLIENT_SECRET = "a-client-secret-for-the-tests"


@dataclass
class OpenIdProvider:
    issuer: str
    client_id: str = CLIENT_ID
    client_secret: str = CLIENT_SECRET

    def seen(self, path: str = "/auth") -> list[dict]:
        """The parameters of every request to `path` it has had since the last mode change."""
        requests_seen = requests.get(f"{self.issuer}/_test/seen", timeout=10).json()
        return [item for item in requests_seen if item["path"] == path]

    def mode(self, name: str) -> None:
        """honest, tamper or wrong-key (provider.mjs); forgets what it has seen."""
        requests.post(f"{self.issuer}/_test/mode", params={"set": name}, timeout=10)

    def sign_in(self, authorize_url: str, login: str, *, back_to: str) -> str:
        """Open palg's redirect to the provider, sign in there as `login` (an email) and return
        the URL (starting with `back_to`) the provider sends the browser back to."""
        session = requests.Session()
        url = authorize_url
        for _ in range(12):
            response = session.get(url, allow_redirects=False, timeout=10)
            if response.is_redirect:
                url = urljoin(url, response.headers["Location"])
                if url.startswith(back_to):
                    return url
                continue
            action = re.search(r'<form[^>]*action="([^"]+)"', response.text)
            assert action, f"no sign-in form at {url}: {response.status_code} {response.text[:300]}"
            submitted = session.post(
                urljoin(url, action.group(1)),
                data={"prompt": "login", "login": login, "password": "any"},
                allow_redirects=False,
                timeout=10,
            )
            assert submitted.is_redirect, submitted.text[:300]
            url = urljoin(url, submitted.headers["Location"])
        raise AssertionError(f"the provider never sent the browser back to {back_to}")


def ensure_installed() -> None:
    """`npm ci` once, when make's install step has not run it (a fresh clone, run by hand)."""
    if (PROVIDER_DIR / "node_modules" / "oidc-provider").is_dir():
        return
    npm = shutil.which("npm")
    assert npm, "npm (Node.js 20 or later) is needed to run the test OpenID provider"
    done = subprocess.run([npm, "ci", "--no-audit", "--no-fund"], cwd=PROVIDER_DIR,
                          capture_output=True, text=True, timeout=600)  # fmt: skip
    assert done.returncode == 0, done.stdout + done.stderr


@contextmanager
def running_provider(*, redirect_uris: list[str], post_logout_redirect_uris: list[str]):
    """Start the provider on a free port; stop it afterwards."""
    ensure_installed()
    port = free_port()
    env = {
        **os.environ,
        "PORT": str(port),
        "CLIENT_ID": CLIENT_ID,
        "CLIENT_SECRET": CLIENT_SECRET,
        "REDIRECT_URIS": ",".join(redirect_uris),
        "POST_LOGOUT_REDIRECT_URIS": ",".join(post_logout_redirect_uris),
        "NODE_NO_WARNINGS": "1",
    }
    node = shutil.which("node")
    assert node, "Node.js is needed to run the test OpenID provider"
    process = subprocess.Popen([node, "provider.mjs"], cwd=PROVIDER_DIR, env=env,
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                               start_new_session=True)  # fmt: skip
    provider = OpenIdProvider(issuer=f"http://127.0.0.1:{port}")
    try:
        _wait_until_up(provider, process)
        yield provider
    finally:
        kill_group(process)


def _wait_until_up(provider: OpenIdProvider, process: subprocess.Popen) -> None:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise AssertionError(f"the provider exited: {process.stdout.read().decode()}")
        try:
            requests.get(f"{provider.issuer}/.well-known/openid-configuration", timeout=2)
            return
        except requests.ConnectionError:
            time.sleep(0.1)
    raise AssertionError("the provider did not start within 30 seconds")


def provider_url(response) -> str:
    """The provider's address on palg's "taking you to the sign-in" page (sso/continue.html)."""
    assert response.status_code == 200, response.content[:500]
    found = re.search(r'<meta http-equiv="refresh" content="0;url=([^"]+)">', response.text)
    assert found, response.text[:500]
    return html.unescape(found.group(1))


def query(url: str) -> dict[str, str]:
    return {key: values[0] for key, values in parse_qs(urlsplit(url).query).items()}


def path_and_query(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.path}?{parts.query}"
