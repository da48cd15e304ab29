"""`palg sets form|publish`: form a programme round's sets from the command line, acting as a
lead or admin account, through the same services as the forming page and the API."""

from __future__ import annotations

from typing import Annotated

import typer

sets_app = typer.Typer(help="Form and publish a programme round's sets.", no_args_is_help=True)

MSG_NO_ACCOUNT = "No account has the email {email}."
MSG_NO_ROUND = "Programme {programme} has no round to form: every round has its sets."
MSG_OPENED = "Opened round {number}."
MSG_PUBLISHED = "Published round {number}: {sets} sets."
MSG_FAILED = "Nothing was changed:"

AS_OPTION = typer.Option(
    "--as", metavar="EMAIL", help="Act as this account (a programme lead or organisation admin)."
)
ROUND_OPTION = typer.Option(
    "--round",
    min=1,
    help="Round number. Default: the latest round without sets, or a new one after it.",
)


def _fail(lines: list[str]):
    for line in lines:
        typer.echo(line, err=True)
    raise typer.Exit(1)


def _actor(email: str):
    from palg.access import Actor
    from palg.accounts.models import User

    user = User.objects.filter(email__iexact=email.strip(), is_active=True).first()
    if user is None:
        _fail([MSG_NO_ACCOUNT.format(email=email)])
    return Actor.from_user(user)


def _guarded(call, **kwargs):
    """Run a service; its refusals become readable lines on stderr and exit code 1."""
    from django.core.exceptions import PermissionDenied, ValidationError
    from django.http import Http404

    try:
        return call(**kwargs)
    except ValidationError as error:
        _fail([MSG_FAILED, *(f"- {message}" for message in error.messages)])
    except (PermissionDenied, Http404) as error:
        _fail([str(error) or "Not found."])


def _split(value: str | None) -> list[str] | None:
    if value is None:
        return None
    return [part.strip().lower() for part in value.split(",") if part.strip()]


def draft_text(draft) -> str:
    """The draft as a lead reads it: the engine's summary, then who is in which set."""
    from palg_grouping import report

    lines = [report.render(draft.summary), "", "Sets:"]
    for group_set in draft.sets:
        people = ", ".join(
            f"{p.name}{' (locked)' if p.pk in group_set.locked else ''}" for p in group_set.people
        )
        slot = f", meets {group_set.slot}" if group_set.slot else ""
        lines.append(f"  {group_set.name} ({len(group_set.people)}{slot}): {people}")
    lines += [f"Note: {note}" for note in draft.notes]
    return "\n".join(lines)


@sets_app.command("form")
def sets_form(
    programme: Annotated[int, typer.Argument(help="The programme's id.")],
    email: Annotated[str, AS_OPTION],
    round_number: Annotated[int | None, ROUND_OPTION] = None,
    min_size: Annotated[int | None, typer.Option("--min-size", help="Smallest set.")] = None,
    max_size: Annotated[int | None, typer.Option("--max-size", help="Largest set.")] = None,
    diversify: Annotated[
        str | None, typer.Option(help="Comma-separated attributes to mix within each set.")
    ] = None,
    separate: Annotated[
        str | None, typer.Option(help="Comma-separated attributes whose people never share a set.")
    ] = None,
    even_sizes: Annotated[
        bool | None, typer.Option("--even-sizes/--any-sizes", help="Sets as equal as possible.")
    ] = None,
    fresh: Annotated[
        bool, typer.Option("--fresh", help="Ignore the locks of the current draft.")
    ] = False,
    publish: Annotated[
        bool, typer.Option("--publish", help="Publish the sets once formed.")
    ] = False,
) -> None:
    """Form (or re-form) a round's sets and print them; criteria left out keep the defaults or
    the draft's."""
    from palg.cli import setup_django

    setup_django()
    from palg.programmes import forming

    actor = _actor(email)
    number = round_number or _round(actor, programme)
    criteria = {
        "min_size": min_size,
        "max_size": max_size,
        "diversify": _split(diversify),
        "separate": _split(separate),
        "even_sizes": even_sizes,
    }
    criteria = {key: value for key, value in criteria.items() if value is not None}
    draft = _guarded(
        forming.group_set_form,
        actor=actor,
        programme_id=programme,
        round_number=number,
        criteria=criteria or None,
        keep_locks=not fresh,
    )
    typer.echo(draft_text(draft))
    if publish:
        _publish(actor, programme, number)


def _round(actor, programme: int) -> int:
    """The latest round without sets, or a newly opened one."""
    from palg.programmes import forming

    round_ = _guarded(forming.round_to_form, actor=actor, programme_id=programme)
    if round_ is None:
        round_ = _guarded(forming.round_create_next, actor=actor, programme_id=programme)
        typer.echo(MSG_OPENED.format(number=round_.number), err=True)
    return round_.number


def _publish(actor, programme: int, number: int) -> None:
    from palg.programmes import forming

    round_ = _guarded(
        forming.round_publish, actor=actor, programme_id=programme, round_number=number
    )
    typer.echo(MSG_PUBLISHED.format(number=round_.number, sets=round_.groups.count()))


@sets_app.command("publish")
def sets_publish(
    programme: Annotated[int, typer.Argument(help="The programme's id.")],
    email: Annotated[str, AS_OPTION],
    round_number: Annotated[int, typer.Option("--round", min=1, help="Round number.")],
) -> None:
    """Publish a round's draft sets: their members see them from then on."""
    from palg.cli import setup_django

    setup_django()
    _publish(_actor(email), programme, round_number)
