"""`exdose web createclinic` (password on stdin), `exdose web token` and `exdose serve` with
/healthz, in a fresh data folder (their own SQLite database, as a user would run them)."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

SRC = Path(__file__).resolve().parents[2] / "src"


def _exdose(*args: str, data: Path, stdin: str = "") -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("EXDOSE_", "DJANGO_"))}
    env["PYTHONPATH"] = str(SRC)
    return subprocess.run(
        [sys.executable, "-m", "exdose", *args, "--data", str(data)],
        input=stdin,
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )


def test_createclinic_then_token(tmp_path: Path) -> None:
    data = tmp_path / "data"
    made = _exdose(
        "web",
        "createclinic",
        "Fjord Physio",
        "--admin-email",
        "Boss@Fjord.test",
        data=data,
        stdin="a-long-admin-password-1\n",
    )
    assert made.returncode == 0, made.stderr
    assert "'Fjord Physio' created; sign in as boss@fjord.test" in made.stdout
    assert (data / "secret_key").exists() and (data / "exdose.sqlite3").exists()
    again = _exdose(
        "web",
        "createclinic",
        "Other",
        "--admin-email",
        "boss@fjord.test",
        data=data,
        stdin="a-long-admin-password-1\n",
    )
    assert again.returncode == 2 and "has an account already" in again.stderr
    weak = _exdose(
        "web", "createclinic", "Weak", "--admin-email", "w@x.test", data=data, stdin="short\n"
    )
    assert weak.returncode == 2 and "password" in weak.stderr
    token = _exdose("web", "token", "--email", "boss@fjord.test", data=data)
    assert token.returncode == 0 and token.stdout.strip().startswith("exd_")
    nobody = _exdose("web", "token", "--email", "nobody@x.test", data=data)
    assert nobody.returncode == 2 and "no clinician" in nobody.stderr


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_serve_prints_the_first_clinic_link_and_answers_healthz(tmp_path: Path) -> None:
    port = _free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("EXDOSE_", "DJANGO_"))}
    env["PYTHONPATH"] = str(SRC)
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "exdose",
            "serve",
            "--data",
            str(tmp_path / "d"),
            "--port",
            str(port),
            "--workers",
            "1",
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        env=env,
    )
    try:
        assert server.stdout is not None
        first = server.stdout.readline()
        assert f"http://127.0.0.1:{port}/setup/" in first  # the one-time first-clinic link
        deadline = time.monotonic() + 60
        status = None
        while time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2) as r:
                    status = r.status
                    break
            except OSError:
                time.sleep(0.3)
        assert status == 200
        link = first.split(" at ")[1].split(" ")[0]
        with urllib.request.urlopen(link, timeout=5) as page:
            assert "Create the first clinic" in page.read().decode()
    finally:
        server.terminate()
        server.wait(timeout=30)
