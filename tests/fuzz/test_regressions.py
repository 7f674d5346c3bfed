"""Programme files, terminal output and exit codes that once crashed (issue 13): a corpus."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

import exdose.cli
from exdose.errors import ProgramError
from exdose.program.io import MAX_DEPTH, load_program, load_program_bytes

CORPUS = Path(__file__).resolve().parent / "corpus"
ROOT = Path(__file__).resolve().parents[2]
PROGRAMS = CORPUS / "program"


def test_integer_weeks_get_the_range_check() -> None:
    with pytest.raises(ProgramError, match="at most 520 weeks"):
        load_program(PROGRAMS / "weeks_2147483648.yaml")  # took 4 GB in the reference checks
    with pytest.raises(ProgramError, match="weeks are written '1-4' or '5', not '-1'"):
        load_program(PROGRAMS / "weeks_minus_1.yaml")  # raised ValueError


def test_alias_bomb_is_refused_before_expanding() -> None:
    # 2.7 KB: one session aliased 100 times, each of 100 aliased 100-set prescriptions, 520 weeks.
    with pytest.raises(ProgramError, match="plans up to 520,000,000 sets"):
        load_program(PROGRAMS / "alias_bomb_expand.yaml")


def test_deep_nesting_is_refused_before_the_c_loader_sees_it() -> None:
    # 25,000 nested flow lists: a segmentation fault (exit 139) in libyaml's composer before.
    with pytest.raises(ProgramError, match=f"nested more than {MAX_DEPTH} levels") as caught:
        load_program(PROGRAMS / "nested_25000_flow.yaml")
    assert caught.value.line == 2


def test_deep_block_nesting_is_refused_too() -> None:
    text = "exdose: 1\nname:\n" + "- " * 5000 + "x\n"
    with pytest.raises(ProgramError, match="nested more than"):
        load_program_bytes(text.encode())


def test_nesting_just_under_the_bound_is_parsed() -> None:
    text = "exdose: 1\nname: " + "[" * (MAX_DEPTH - 2) + "]" * (MAX_DEPTH - 2) + "\n"
    with pytest.raises(ProgramError) as caught:
        load_program_bytes(text.encode())
    assert "nested" not in caught.value.message  # an ordinary validation error instead


@pytest.mark.parametrize(
    ("text", "plain"),
    [
        ("exdose: 1\nname: a: b\n", "a ':' where a value was expected"),
        ("exdose: 1\nname:\n\tx: 1\n", "tabs cannot indent YAML; use spaces"),
        ("exdose: 1\nname: [a, b\n", "a list or mapping in brackets is not closed"),
        ("exdose: 1\nname: *nowhere\n", "an alias (*name) refers to no anchor"),
        ('exdose: 1\nname: "open\n', "the file ends inside a quoted text"),
    ],
)
def test_yaml_errors_in_plain_words_with_place(text: str, plain: str) -> None:
    with pytest.raises(ProgramError) as caught:
        load_program_bytes(text.encode(), "p.yaml")
    assert plain in caught.value.message
    assert caught.value.line is not None
    assert caught.value.hint or "use spaces" in caught.value.message  # what to do


def _exdose(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "exdose", *args],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env={"PYTHONPATH": str(ROOT / "src"), "PATH": "/usr/bin:/bin"},
        timeout=120,
    )


def test_markup_in_user_names_is_printed_as_text(tmp_path: Path) -> None:
    source = (ROOT / "examples" / "hip-thrust.yaml").read_text(encoding="utf-8")
    assert "        name: A\n" in source
    source = source.replace(
        "name: Hip-thrust glute hypertrophy programme with bracing (12 weeks)",
        'name: "Glutes [/b] block [red]"',
    ).replace("        name: A\n", '        name: "A [/i] [bold]"\n', 1)
    path = tmp_path / "markup.yaml"
    path.write_text(source, encoding="utf-8")
    for command in ("check", "dose", "expand"):
        done = _exdose(command, str(path))
        assert "Traceback" not in done.stderr and "MarkupError" not in done.stderr, command
        assert done.returncode == 0, (command, done.stderr)
    assert "Glutes [/b] block [red]" in _exdose("dose", str(path)).stdout
    assert "A [/i]" in _exdose("expand", str(path)).stdout


def test_deep_yaml_through_the_cli_exits_2_in_one_line() -> None:
    done = _exdose("check", str(PROGRAMS / "nested_25000_flow.yaml"))
    assert done.returncode == 2
    assert "nested more than" in done.stderr and "Traceback" not in done.stderr


def test_an_unexpected_exception_exits_70_not_1(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    def boom() -> None:
        raise KeyError("surprise")

    monkeypatch.setattr(exdose.cli, "app", boom)
    monkeypatch.delenv("EXDOSE_DEBUG", raising=False)
    with pytest.raises(SystemExit) as caught:
        exdose.cli.main()
    assert caught.value.code == exdose.cli.EXIT_INTERNAL == 70
    err = capsys.readouterr().err
    assert err.startswith("exdose: internal error: KeyError: 'surprise'")
    assert err.count("\n") == 1


def test_user_errors_still_exit_2(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    def bad_input() -> None:
        raise ProgramError("the file is empty", file="p.yaml")

    monkeypatch.setattr(exdose.cli, "app", bad_input)
    with pytest.raises(SystemExit) as caught:
        exdose.cli.main()
    assert caught.value.code == 2
    assert capsys.readouterr().err == "exdose: error: p.yaml: the file is empty\n"


def test_recursive_alias_inside_a_billion_laughs_does_not_hang() -> None:
    # Found by atheris in 8 minutes: `&e [..., *e, ...]` under eight levels of nine aliases made
    # the walk that records where each value sits exponential (a hang of over 5 s, no answer).
    import time

    start = time.process_time()
    with pytest.raises(ProgramError):
        load_program(PROGRAMS / "recursive_alias_billion_laughs.yaml")
    assert time.process_time() - start < 2.0


def test_planned_sets_bound_counts_sessions_done_on_several_days() -> None:
    from types import SimpleNamespace

    from exdose.program.io import _times_a_week

    assert _times_a_week(SimpleNamespace()) == 1
    assert _times_a_week(SimpleNamespace(days="daily", per_day=2)) == 14
    assert _times_a_week(SimpleNamespace(days=["Mon", "Thu"], per_day=None)) == 2
