"""Access before input: someone who may not change a thing gets the 403 or 404 for it, whatever
they send, never a 422 (or 400) that reviews a request they could never make.

django-ninja validates the path, the query and the body before the view runs, so a refused
request with a bad body would meet the 422 before the service's access check. Each write
operation names the access check its service makes, with `@access_first(check)`; when the
operation refuses the input (400 or 422), the check runs on the path's values and its 404 or
403 is the answer instead. A request whose input is valid reaches the service, which makes the
same check itself, so nothing is checked twice on the way to a change.

`check(actor, **path values)` raises Http404 or PermissionDenied; the path values are validated
as the operation declares them first (an id that cannot be an id stays a 422).
"""

import functools
from collections.abc import Callable
from typing import Any

import pydantic
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from ninja.decorators import decorate_view

from palg import access
from palg.access import Actor
from palg.api.auth import actor_for

REFUSED_INPUT = (400, 422)
Check = Callable[..., object]


def access_first(check: Check) -> Callable:
    """Decorate an API operation (under its `@router.<method>`) with its access check."""

    def decorate(view: Callable) -> Callable:
        view.access_check = check  # type: ignore[attr-defined]  (the tests list them)
        return decorate_view(_around_run(check))(view)

    return decorate


def _around_run(check: Check) -> Callable:
    def around_run(run: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        operation = run.__self__  # type: ignore[attr-defined]  (ninja's bound Operation.run)

        @functools.wraps(run)
        def guarded(request: HttpRequest, **path: Any) -> HttpResponse:
            response = run(request, **path)
            if response.status_code not in REFUSED_INPUT or getattr(request, "auth", None) is None:
                return response
            values = _path_values(operation, request, path)
            if values is None:
                return response
            try:
                check(actor_for(request), **values)
            except (Http404, PermissionDenied) as refused:
                return operation.api.on_exception(request, refused)
            return response

        return guarded

    return around_run


def _path_values(operation, request: HttpRequest, path: dict) -> dict | None:
    """The path's values as the operation validates them, or None if they do not validate."""
    values: dict[str, Any] = {}
    for model in operation.models:
        if model.__ninja_param_source__ != "path":
            continue
        try:
            values.update(model.resolve(request, operation.api, path).model_dump())
        except pydantic.ValidationError:
            return None
    return values


# The checks the services make, by what they require; extra path values are ignored.


def staff(actor: Actor, **_: int) -> None:
    access.require_staff(actor)


def invites(actor: Actor, **_: int) -> None:
    access.invitation_people_for_actor(actor)


def org_admin(actor: Actor, **_: int) -> None:
    access.require_org_admin(actor)


def manages_programme(actor: Actor, *, programme_id: int, **_: int) -> None:
    access.programme_get_for_actor(actor=actor, programme_id=programme_id, manage=True)


def forms_round(actor: Actor, *, programme_id: int, number: int, **_: int) -> None:
    programme = access.programme_get_for_actor(actor=actor, programme_id=programme_id, manage=True)
    if not programme.rounds.filter(number=number).exists():
        raise Http404(access.MSG_NOT_FOUND)


def manages_set(actor: Actor, *, set_id: int, **_: int) -> None:
    access.group_get_for_actor(actor=actor, group_id=set_id, manage=True)


def schedules_set(actor: Actor, *, set_id: int, **_: int) -> None:
    group = access.group_get_for_actor(actor=actor, group_id=set_id)
    if not access.group_can_schedule(actor, group):
        raise PermissionDenied(access.MSG_READ_ONLY)


def schedules_meeting(actor: Actor, *, meeting_id: int, **_: int) -> None:
    access.meeting_get_for_actor(actor=actor, meeting_id=meeting_id, schedule=True)


def reads_meeting_content(actor: Actor, *, meeting_id: int, **_: int) -> None:
    access.meeting_content_get_for_actor(actor=actor, meeting_id=meeting_id)


def logs_changes(actor: Actor, **_: int) -> None:
    access.require_change_logger(actor)


def changes_event(actor: Actor, *, event_id: int, **_: int) -> None:
    access.change_event_get_for_actor(actor=actor, event_id=event_id)
