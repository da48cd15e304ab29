"""The `palg` command. Each command sets Django up and calls the same services as the web UI
and the API; no logic lives here."""

import os
import subprocess
import sys

import typer

app = typer.Typer(
    help="palg: run Peer Action Learning Group programmes.",
    no_args_is_help=True,
    add_completion=False,
)
import_app = typer.Typer(help="Import data from CSV files.", no_args_is_help=True)
app.add_typer(import_app, name="import")


def setup_django() -> None:
    from palg.datadir import data_dir_prepare, files_private

    files_private()  # before anything opens the database or writes mail
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "palg.settings")
    import django

    django.setup()
    data_dir_prepare()


def call(*args) -> None:
    from django.core.management import call_command

    call_command(*args)


def prepare_database() -> None:
    """Apply migrations and collect static files if they changed (setup_django made the data
    folder)."""
    from palg.staticbuild import static_collect

    call("migrate", "--no-input", "--verbosity", "0")
    static_collect()


# gunicorn refuses a request whose head exceeds these before palg sees it (README, "Production
# run"): 414 for a request line (method, path and query string) over REQUEST_LINE_MAX bytes, 431
# for more than HEADER_FIELDS_MAX header fields or one over HEADER_FIELD_MAX bytes. The request
# line gets gunicorn's largest finite value rather than its default of 4094, so that a search of
# the people directory with its filters filled (up to 200 characters each, percent-encoded)
# fits; headers keep gunicorn's defaults, far above palg's own cookies (under 3 KB).
REQUEST_LINE_MAX = 8190
HEADER_FIELDS_MAX = 100
HEADER_FIELD_MAX = 8190


def run_gunicorn(*, host: str, port: int, workers: int) -> None:
    from django.db import connections
    from gunicorn.app.wsgiapp import run

    # gunicorn forks its workers from this process: a connection left open by the migrations
    # (or the demo's loading) would be shared by all of them, and with DB_CONN_MAX_AGE > 0 they
    # would talk over each other on PostgreSQL. Closed here, not earlier, so that `palg demo
    # --no-serve` and in-process callers keep theirs.
    connections.close_all()

    sys.argv = [
        "gunicorn",
        "palg.wsgi:application",
        "--bind",
        f"{host}:{port}",
        "--workers",
        str(workers),
        "--access-logfile",
        "-",
        "--limit-request-line",
        str(REQUEST_LINE_MAX),
        "--limit-request-fields",
        str(HEADER_FIELDS_MAX),
        "--limit-request-field_size",
        str(HEADER_FIELD_MAX),
    ]
    run()


@app.command()
def serve(
    host: str = typer.Option("127.0.0.1", help="Address to listen on."),
    port: int = typer.Option(8000, envvar="PORT", help="Port to listen on."),
    workers: int = typer.Option(2, envvar="PALG_WEB_WORKERS", help="gunicorn worker processes."),
) -> None:
    """Migrate the database, then serve the web app and API with gunicorn."""
    setup_django()
    prepare_database()
    run_gunicorn(host=host, port=port, workers=workers)


@app.command()
def worker() -> None:
    """Run the background task worker (emails, reminders) until stopped. Every
    PALG_NOTIFY_SECONDS it also queues planning and sending of due email notices."""
    setup_django()
    from palg.notify.worker import WorkerCommand, ticker_start

    ticker_start()
    call(WorkerCommand())


@app.command()
def demo(
    port: int = typer.Option(8000, envvar="PORT", help="Port to serve the demo on."),
    serve_it: bool = typer.Option(True, "--serve/--no-serve", help="Serve after loading."),
) -> None:
    """Load the demo organisation (once), print its accounts and serve it."""
    links_use_port(port)
    setup_django()
    prepare_database()
    from palg.demo import DEMO_PASSWORD, demo_accounts, demo_invitations, demo_load

    created = demo_load()
    typer.echo("Loaded the demo organisation." if created else "Demo organisation already loaded.")
    warm_grouping_engine()
    typer.echo(f"\nDemo accounts (password for all: {DEMO_PASSWORD}):")
    for role, email in demo_accounts():
        typer.echo(f"  {role:<22} {email}")
    from django.conf import settings as django_settings

    states = demo_invitations()
    typer.echo(
        f"\nInvitations (Account → Invitations): {states.get('invited', 0)} waiting to be "
        f"accepted, {states.get('accepted', 0)} accepted, {states.get('expired', 0)} expired, "
        f"{states.get('revoked', 0)} revoked; the emails are written to "
        f"{django_settings.DATA_DIR / 'mail'}/ once the worker runs."
    )
    if serve_it:
        from django.conf import settings

        typer.echo(f"\nEmail from the demo is written to {settings.DATA_DIR / 'mail'}/, not sent.")
        typer.echo(f"Serving on http://127.0.0.1:{port}/  (Ctrl+C to stop)")
        worker_process, owner = start_demo_worker(), os.getpid()
        try:
            run_gunicorn(host="127.0.0.1", port=port, workers=2)
        finally:
            if os.getpid() == owner:  # gunicorn's forked workers leave through here too
                stop_child(worker_process)


def links_use_port(port: int) -> None:
    """Links in what the demo sends (password reset, invitations, calendar files) point at the
    port it serves on, unless PALG_SITE_URL says otherwise. Set before Django reads its
    settings; the demo's worker and gunicorn's workers inherit it."""
    os.environ.setdefault("PALG_SITE_URL", f"http://127.0.0.1:{port}")


def start_demo_worker() -> subprocess.Popen:
    """`palg worker` as a child process, writing its email to PALG_DATA_DIR/mail."""
    from django.conf import settings

    env = {**os.environ, "PALG_EMAIL": "file", "PALG_DATA_DIR": str(settings.DATA_DIR)}
    return subprocess.Popen([sys.executable, "-m", "palg", "worker"], env=env)


def stop_child(process: subprocess.Popen) -> None:
    process.terminate()
    try:
        process.wait(timeout=15)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def warm_grouping_engine() -> None:
    """Compile the grouping engine's kernels into their on-disk cache now (a few seconds, once
    per install), so that the first "Form the sets" in the demo answers at once."""
    import numpy as np

    from palg_grouping import GroupingProblem, form_groups

    diversity = np.ones((4, 4)) - np.eye(4)
    form_groups(GroupingProblem.from_size_range(diversity, 2, 2), max_iterations=10)


@app.command(
    context_settings={"allow_extra_args": True, "ignore_unknown_options": True},
)
def manage(ctx: typer.Context) -> None:
    """Run a Django management command (e.g. `palg manage createsuperuser`)."""
    setup_django()
    from django.core.management import execute_from_command_line

    execute_from_command_line(["palg manage", *ctx.args])


from palg.people.commands import register as _register_people  # noqa: E402

_register_people(import_app)


from palg.accounts.commands import token_app  # noqa: E402  (imports nothing from Django)

app.add_typer(token_app, name="token")

from palg.commands.accounts import accounts_app  # noqa: E402  (imports Django when run)

app.add_typer(accounts_app, name="accounts")

from palg.commands.sets import sets_app  # noqa: E402  (imports Django when run)

app.add_typer(sets_app, name="sets")

from palg.commands.group import register as _register_group  # noqa: E402  (no Django)

_register_group(app)

from palg.commands.rounds import register as _register_rounds  # noqa: E402  (no Django)

_register_rounds(app)

from palg.commands.mdgp import register as _register_mdgp  # noqa: E402  (no Django)

_register_mdgp(app)

from palg.commands.guardrail import register as _register_guardrail  # noqa: E402  (no Django)

_register_guardrail(app)

from palg.commands.journal import register as _register_journal  # noqa: E402  (Django when run)

_register_journal(app)

from palg.commands.evaluation import register as _register_evaluation  # noqa: E402  (no Django)

_register_evaluation(app)

from palg.commands.report import register as _register_report  # noqa: E402  (Django when run)

_register_report(app)

from palg.commands.themes import register as _register_themes  # noqa: E402  (no Django)

_register_themes(app)


def main() -> None:  # pragma: no cover - console script entry
    app()
