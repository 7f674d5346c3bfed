"""The library changes no process-wide state: the matplotlib backend, pyplot, the umask.

The web app calls exdose from many threads, and a notebook user has their own backend. Each check
runs in a fresh interpreter (pyplot, once imported, cannot be un-imported), with the backend set
by the user (MPLBACKEND=svg), and asserts after every API call that the backend is still the
user's and that `matplotlib.pyplot` was never imported.
"""

from __future__ import annotations

import os
import re
import stat
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]

_PRELUDE = """
import os, sys, tempfile, pathlib
import matplotlib
before = matplotlib.get_backend()
assert before == "svg", before
assert "matplotlib.pyplot" not in sys.modules
import exdose
out = pathlib.Path(tempfile.mkdtemp())

def after(job):
    assert matplotlib.get_backend() == before, f"{job}: backend now {matplotlib.get_backend()}"
    assert "matplotlib.pyplot" not in sys.modules, f"{job}: imported matplotlib.pyplot"
    print("ok", job, flush=True)
"""

_LIBRARY_JOBS = """
hip = exdose.load_program("examples/hip-thrust.yaml"); after("load_program")
exdose.check(hip); after("check")
exdose.expand(hip); after("expand")
exdose.planned_dose(hip); after("planned_dose")
exdose.render(hip, "md"); after("render md")
log = exdose.read_log("examples/logs/strong.csv", mapping="examples/logs/mapping.yaml",
                      library=hip); after("read_log")
pain = exdose.read_pain("examples/logs/pain_diary.csv"); after("read_pain")
exdose.load_report(log, pain=pain); after("load_report")
exdose.fidelity(hip, log); after("fidelity")
proposal = exdose.propose_adjustment(hip, log, pain, week=5); after("propose_adjustment")
exdose.save_program(exdose.next_program(hip, proposal), out / "next.yaml"); after("next/save")
appraisals = list(exdose.appraise_many("examples/reports/documents")); after("appraise_many")
exdose.appraise(pathlib.Path("examples/reports/documents/Results_014_PMC5741924.txt"))
after("appraise")
exdose.agreement(appraisals, "examples/reports/reference.csv"); after("agreement")
"""

_FIGURE_JOBS = """
hip = exdose.load_program("examples/hip-thrust.yaml")
for fmt in ("html", "pdf", "docx"):
    exdose.render(hip, fmt); after(f"render {fmt} (with figures)")
exdose.render(hip, "pdf", audience="handout"); after("render handout pdf")
exdose.dose_figure(hip); after("dose_figure")
log = exdose.read_log("examples/logs/strong.csv", mapping="examples/logs/mapping.yaml",
                      library=hip)
exdose.load_figure(exdose.load_report(log)); after("load_figure")
exdose.review_heatmap(exdose.appraise_many("examples/reports/documents"))
after("review_heatmap")
"""


def _run(body: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "MPLBACKEND": "svg", "PYTHONPATH": str(ROOT / "src")}
    return subprocess.run(
        [sys.executable, "-c", textwrap.dedent(_PRELUDE) + textwrap.dedent(body)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=900,
    )


def test_library_calls_leave_the_backend_and_pyplot_alone() -> None:
    result = _run(_LIBRARY_JOBS)
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.count("ok ") == 14


def _figures_are_oo() -> bool:
    """True when no module of report/ imports pyplot or switches the backend."""
    pattern = re.compile(
        r"import matplotlib\.pyplot|from matplotlib import pyplot|matplotlib\.use\("
    )
    return not any(
        pattern.search(path.read_text(encoding="utf-8"))
        for path in (ROOT / "src" / "exdose" / "report").rglob("*.py")
    )


@pytest.mark.xfail(
    not _figures_are_oo(),
    reason="report/ figures moved to OO API on the clinical branch",
    strict=True,
)
def test_rendering_with_figures_and_the_figure_functions_leave_them_alone() -> None:
    result = _run(_FIGURE_JOBS)
    assert result.returncode == 0, result.stdout + result.stderr


# --- files: the umask is read, never set ---------------------------------------------------------


def test_atomic_writes_never_touch_the_umask(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from exdose.files import creation_mode, write_text_atomic

    def no_umask(mask: int) -> int:
        raise AssertionError("os.umask was called: that changes the whole process")

    monkeypatch.setattr(os, "umask", no_umask)
    target = tmp_path / "out.txt"
    write_text_atomic(target, "first")
    write_text_atomic(target, "second")  # replaces the file
    assert target.read_text(encoding="utf-8") == "second"
    assert [p.name for p in tmp_path.iterdir()] == ["out.txt"]  # no temporary file left
    assert stat.S_IMODE(target.stat().st_mode) == creation_mode()


def test_new_files_get_the_mode_open_would_give_under_the_users_umask(tmp_path: Path) -> None:
    script = f"""
import os, stat, sys
sys.path.insert(0, {str(ROOT / "src")!r})
os.umask(0o027)
from exdose.files import creation_mode, write_bytes_atomic
write_bytes_atomic({str(tmp_path / "a.bin")!r}, b"x")
with open({str(tmp_path / "b.bin")!r}, "wb"):
    pass
print(oct(creation_mode()), oct(stat.S_IMODE(os.stat({str(tmp_path / "a.bin")!r}).st_mode)),
      oct(stat.S_IMODE(os.stat({str(tmp_path / "b.bin")!r}).st_mode)), oct(os.umask(0)))
"""
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    # 0666 less 027 = 0640, as open() gives; and the umask is still the user's
    assert result.stdout.split() == ["0o640", "0o640", "0o640", "0o27"]
