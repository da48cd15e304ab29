"""Check live API responses against the OpenAPI schema the API publishes."""

import functools
import json
import re

import jsonschema_rs

from palg.api.api import api


@functools.cache
def _schema() -> dict:
    # As served: through JSON, so status codes are strings.
    return json.loads(json.dumps(api.get_openapi_schema()))


@functools.cache
def _routes() -> list[tuple[re.Pattern, dict]]:
    routes = []
    for template, operations in _schema()["paths"].items():
        pattern = re.sub(r"\{[^}]+\}", "[^/]+", template)
        routes.append((re.compile(pattern), operations))
    # Fixed segments win over parameters, as in the URL configuration (/people/import).
    routes.sort(key=lambda route: route[0].pattern.count("[^/]+"))
    return routes


def operation_for(method: str, path: str) -> dict:
    """The OpenAPI operation that answers `method path`."""
    for pattern, operations in _routes():
        if pattern.fullmatch(path) and method.lower() in operations:
            return operations[method.lower()]
    raise AssertionError(f"no operation for {method} {path} in the OpenAPI schema")


def assert_conforms(response) -> None:
    """The response's status is declared for its operation and its JSON body fits the schema."""
    request = response.wsgi_request
    operation = operation_for(request.method, request.path)
    declared = operation["responses"]
    status = str(response.status_code)
    assert status in declared, (
        f"{request.method} {request.path} answered {status}, which {operation['operationId']} "
        f"does not declare ({sorted(declared)})"
    )
    content = declared[status].get("content")
    if content is None:
        assert not response.content, f"{status} should have no body"
        return
    assert response["Content-Type"].startswith("application/json")
    schema = {**content["application/json"]["schema"], "components": _schema()["components"]}
    errors = [str(e) for e in jsonschema_rs.validator_for(schema).iter_errors(response.json())]
    assert not errors, f"{request.method} {request.path} -> {status}: {errors}"
