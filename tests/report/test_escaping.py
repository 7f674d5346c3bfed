"""A programme's own words are printed as written: no rich markup, no HTML, from any field."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from exdose.cli import app
from exdose.cli._text import escape as plain
from exdose.program.io import load_program_bytes
from exdose.report.render import build_document, to_html

ROOT = Path(__file__).resolve().parents[2]
HIP = ROOT / "examples" / "hip-thrust.yaml"
NAME = "Leg day [bold]red[/bold] [/x] <b>bold</b> & <script>alert(1)</script>"
EXERCISE = "Hip thrust [red] <i>"


def _marked_up(tmp_path: Path) -> Path:
    text = HIP.read_text(encoding="utf-8")
    text = text.replace(
        "name: Hip-thrust glute hypertrophy programme with bracing (12 weeks)",
        f"name: {NAME!r}".replace("'", '"'),
        1,
    )
    text = text.replace("    name: Barbell hip thrust\n", f'    name: "{EXERCISE}"\n', 1)
    path = tmp_path / "marked [bold].yaml"  # check prints the file name
    path.write_text(text, encoding="utf-8")
    return path


def test_plain_escapes_what_rich_would_read() -> None:
    assert plain("[/x]") == "\\[/x]"
    assert plain("no brackets") == "no brackets"


@pytest.mark.parametrize("command", [["check"], ["expand"], ["dose"]])
def test_terminal_prints_names_literally(tmp_path: Path, command: list[str]) -> None:
    result = CliRunner().invoke(app, [*command, str(_marked_up(tmp_path))], env={"COLUMNS": "400"})
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    expected = {"check": "marked [bold].yaml", "expand": EXERCISE, "dose": NAME}[command[0]]
    assert expected in result.stdout


def test_html_escapes_the_programmes_words(tmp_path: Path) -> None:
    path = _marked_up(tmp_path)
    loaded = load_program_bytes(path.read_bytes(), str(path))
    for audience in ("methods", "handout"):
        page = to_html(build_document(loaded, audience))
        assert "<script>alert" not in page and "<b>bold</b>" not in page
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
        assert "Hip thrust [red] &lt;i&gt;" in page
