"""`exdose serve` and `exdose web ...`: run the clinic web app, manage clinics and tokens."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Annotated

import typer

from exdose.cli._app import app

web_app = typer.Typer(
    help="The clinic web app: clinics, tokens, the job worker, migrations.", no_args_is_help=True
)
app.add_typer(web_app, name="web")

DataOption = Annotated[
    Path | None,
    typer.Option("--data", help="Data folder (default ./exdose-data, or EXDOSE_DATA)."),
]


def _setup(data: Path | None) -> Path:
    """Point Django at the data folder and start it."""
    from exdose.web.datadir import data_dir

    folder = data_dir(data)
    os.environ["EXDOSE_DATA"] = str(folder)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "exdose.web.settings")
    import django

    django.setup()
    return folder


def _migrate() -> None:
    from django.core.management import call_command

    call_command("migrate", interactive=False, verbosity=0)


@web_app.command("migrate")
def migrate(data: DataOption = None) -> None:
    """Apply the database migrations."""
    _setup(data)
    _migrate()
    print("migrations applied")


@web_app.command("createclinic")
def createclinic(
    name: Annotated[str, typer.Argument(help="The clinic's name.")],
    admin_email: Annotated[str, typer.Option("--admin-email", help="The admin's email (login).")],
    data: DataOption = None,
) -> None:
    """Create a clinic and its admin; the password is read from standard input."""
    _setup(data)
    _migrate()
    from django.core.exceptions import ValidationError

    from exdose.web.views_auth import create_clinic

    password = _read_password()
    try:
        clinic, _ = create_clinic(name, admin_email, password)
    except ValidationError as error:
        print(f"exdose: error: password: {' '.join(error.messages)}", file=sys.stderr)
        raise typer.Exit(2) from None
    except Exception as error:  # an email already taken is an IntegrityError
        from django.db import IntegrityError

        if isinstance(error, IntegrityError):
            print(f"exdose: error: {admin_email} has an account already", file=sys.stderr)
            raise typer.Exit(2) from None
        raise
    print(f"clinic {clinic.pk} '{clinic.name}' created; sign in as {admin_email.lower()}")


def _read_password() -> str:
    if sys.stdin.isatty():
        import getpass

        password = getpass.getpass("Password: ")
    else:
        password = sys.stdin.readline().rstrip("\n")
    if not password:
        print("exdose: error: give the password on standard input", file=sys.stderr)
        raise typer.Exit(2)
    return password


@web_app.command("token")
def token(
    email: Annotated[str, typer.Option("--email", help="The clinician the token acts as.")],
    name: Annotated[str, typer.Option("--name", help="A label for the token.")] = "cli",
    data: DataOption = None,
) -> None:
    """Print a new API token for a clinician (shown once; only its hash is stored)."""
    _setup(data)
    _migrate()
    from django.contrib.auth import get_user_model

    from exdose.web.models import ApiToken, Membership

    user = get_user_model().objects.filter(username=email.lower()).first()
    membership = Membership.objects.filter(user=user).first() if user else None
    if membership is None:
        print(f"exdose: error: no clinician with the email {email}", file=sys.stderr)
        raise typer.Exit(2)
    _, plain = ApiToken.issue(user, membership.clinic, name)
    print(plain)


@web_app.command("worker")
def worker(data: DataOption = None) -> None:
    """Run the background job worker (several may run against one PostgreSQL)."""
    _setup(data)
    _migrate()
    from django.core.management import call_command

    call_command("db_worker", "--no-startup-delay")


@web_app.command("demo")
def demo(data: DataOption = None) -> None:
    """Load the demo clinic into the data folder and print its logins."""
    _setup(data)
    _migrate()
    _print_demo()


def _print_demo() -> None:
    from exdose.web.demo import load_demo

    for login in load_demo():
        print(f"demo {login.role}: {login.email} / {login.password}")


@app.command()
def serve(
    data: DataOption = None,
    host: Annotated[str, typer.Option("--host", help="Address to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", help="Port to listen on.")] = 8000,
    demo: Annotated[bool, typer.Option("--demo", help="Load the demo clinic first.")] = False,
    workers: Annotated[
        int | None,
        typer.Option(
            "--workers", min=1, help="Server processes (default: 1 per CPU core, at least 2)."
        ),
    ] = None,
    threads: Annotated[
        int, typer.Option("--threads", min=1, help="Threads per server process.")
    ] = 4,
    no_worker: Annotated[
        bool, typer.Option("--no-worker", help="Do not start the job worker here.")
    ] = False,
) -> None:
    """Run the web app: migrate, start one job worker and the production server (gunicorn)."""
    import subprocess

    if host in ("127.0.0.1", "localhost", "::1") and "EXDOSE_INSECURE_COOKIES" not in os.environ:
        # plain http on this machine only: cookies cannot carry the Secure flag
        os.environ["EXDOSE_INSECURE_COOKIES"] = "1"
    folder = _setup(data)
    _migrate()
    from exdose.web.models import Clinic

    if demo:
        # In a child process: the demo reads logs with polars, whose thread pool must not be
        # started in this process before gunicorn forks its workers (a forked pool deadlocks).
        subprocess.run(
            [sys.executable, "-m", "exdose", "web", "demo", "--data", str(folder)],
            check=True,
            env=dict(os.environ),
        )
    elif not Clinic.objects.exists():
        import secrets

        setup = folder / "setup_token"
        if not setup.exists():
            setup.write_text(secrets.token_urlsafe(24) + "\n", encoding="utf-8")
            setup.chmod(0o600)
        shown = "127.0.0.1" if host in ("0.0.0.0", "::") else host
        print(
            f"first start: create the clinic at http://{shown}:{port}/setup/"
            f"{setup.read_text(encoding='utf-8').strip()}/ (a one-time link)"
        )
    from django.db import connections

    connections.close_all()
    job_worker = None
    if not no_worker:
        job_worker = subprocess.Popen(
            [sys.executable, "-m", "exdose", "web", "worker", "--data", str(folder)],
            env=dict(os.environ),
        )
    workers = workers or default_workers()
    print(
        f"exdose web on http://{host}:{port}/ (data in {folder}; {workers} server processes"
        f" x {threads} threads)",
        flush=True,
    )
    try:
        _gunicorn(host, port, workers, threads)
    finally:
        if job_worker is not None:
            job_worker.terminate()
            try:
                job_worker.wait(timeout=10)
            except subprocess.TimeoutExpired:
                job_worker.kill()


def default_workers() -> int:
    """One server process per CPU core this process may run on (at least two).

    Requests are CPU work in Python (a patient page tens of milliseconds, a logged set a few),
    so more processes than cores only add memory and scheduling: on the 2-core machine the
    load benchmark gave set logging a lower p95 with 2 processes x 4 threads than with
    4 x 2 (docs/performance.md). The threads overlap one request's database round trips with
    another's work.
    """
    try:
        cores = len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        cores = os.cpu_count() or 1
    return max(2, cores)


def _gunicorn(host: str, port: int, workers: int, threads: int = 4) -> None:
    from gunicorn.app.base import BaseApplication  # type: ignore[import-untyped]

    from exdose.web.wsgi import application

    class Server(BaseApplication):  # type: ignore[misc]
        def load_config(self) -> None:
            bind = f"[{host}]:{port}" if ":" in host else f"{host}:{port}"
            for key, value in {
                "bind": bind,
                "workers": workers,
                "threads": threads,
                "worker_class": "gthread",
                "timeout": 60,
                "graceful_timeout": 10,
                "accesslog": None,
            }.items():
                self.cfg.set(key, value)

        def load(self) -> object:
            return application

    Server().run()
