"""Role x endpoint x object: every URL and API operation, for every role, against both sets.

A new URL or API operation without an entry in tests/matrix/ fails
test_it_has_an_entry_for_every_url_and_operation.
"""

import importlib
import json
import pkgutil

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

import tests.matrix
from tests.matrix import ROLES, Entry

# URL names that are not endpoints of ours: static files and the API's own routes, which are
# covered operation by operation below.
IGNORED_URL_PREFIXES = ("api:", "admin:")


def all_entries() -> list[Entry]:
    entries = []
    for info in pkgutil.iter_modules(tests.matrix.__path__):
        module = importlib.import_module(f"tests.matrix.{info.name}")
        entries.extend(getattr(module, "ENTRIES", []))
    return entries


def url_names(resolver=None, namespace: str = "") -> set[str]:
    names = set()
    for pattern in (resolver or get_resolver()).url_patterns:
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            names |= url_names(pattern, inner)
        elif isinstance(pattern, URLPattern) and pattern.name:
            names.add(f"{namespace}{pattern.name}")
    return names


def api_operations() -> set[str]:
    from palg.api.api import api

    schema = api.get_openapi_schema()
    return {
        operation["operationId"]
        for path in schema["paths"].values()
        for operation in path.values()
        if isinstance(operation, dict) and "operationId" in operation
    }


API_PUBLIC = {"openapi-json", "openapi-view"}


def test_it_has_an_entry_for_every_url_and_operation():
    covered = {entry.name for entry in all_entries()}
    web = {name for name in url_names() if not name.startswith(IGNORED_URL_PREFIXES)}
    missing = (web | api_operations()) - covered
    assert not missing, f"endpoints without a permission matrix entry: {sorted(missing)}"


def test_it_has_no_entries_for_endpoints_that_do_not_exist():
    endpoints = url_names() | api_operations()
    stale = {entry.name for entry in all_entries()} - endpoints
    assert not stale, f"matrix entries for unknown endpoints: {sorted(stale)}"


def cases():
    for entry in all_entries():
        for target in entry.targets:
            for role in ROLES:
                yield pytest.param(entry, target, role, id=f"{entry.name}-{target}-{role}")


@pytest.mark.parametrize("entry,target,role", list(cases()))
def test_it_answers_each_role_as_the_matrix_says(entry, target, role, cast, client):
    if role != "anonymous":
        client.force_login(cast.users[role])
    path = entry.path(cast, target)
    data = entry.data(cast, target) if entry.data else None
    kwargs = {}
    # extra={"multipart": True}: `data` is form fields and files, sent as a web form would be.
    as_json = entry.api and not entry.extra.get("multipart")
    if as_json and data is not None:
        kwargs = {"data": json.dumps(data), "content_type": entry.content_type}
    elif data is not None:
        kwargs = {"data": data}
    response = (
        client.generic(entry.method, path, **kwargs)
        if as_json
        else getattr(client, entry.method.lower())(path, **kwargs)
    )
    expected = entry.expect[target][role]
    assert response.status_code == expected, (
        f"{entry.method} {path} as {role}: expected {expected}, got {response.status_code}"
    )
    if entry.api and response.status_code >= 400:
        assert response["Content-Type"].startswith("application/json")
