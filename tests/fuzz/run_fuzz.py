"""Coverage-guided fuzzing of one target with atheris (libFuzzer), for `make fuzz`.

    python tests/fuzz/run_fuzz.py TARGET SECONDS [OUT]

Seeds come from the repository's fixtures (targets.SEEDS); the growing corpus and any crash,
hang (> 5 s) or out-of-memory (> 1 GiB RSS) input go to OUT/TARGET/. The last lines printed are
libFuzzer's final statistics (executions, peak RSS), which docs/reliability.md quotes.
Without atheris, the same target runs under hypothesis for SECONDS instead (see --hypothesis).
"""

from __future__ import annotations

import contextlib
import glob
import shutil
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
sys.path[:0] = [str(HERE), str(ROOT / "src")]


def _seed(target: str, corpus: Path) -> None:
    from targets import SEEDS

    corpus.mkdir(parents=True, exist_ok=True)
    for pattern in SEEDS[target]:
        for name in glob.glob(str(ROOT / pattern)):
            path = Path(name)
            if path.is_file() and path.stat().st_size <= 1_000_000:
                shutil.copy(path, corpus / f"seed-{path.name}")
    if target == "notation":
        doses = ROOT / "tests" / "data" / "notation" / "realistic_doses.tsv"
        for i, line in enumerate(doses.read_text(encoding="utf-8").splitlines()):
            if line and not line.startswith("#"):
                (corpus / f"seed-dose-{i}").write_text(line.split("\t")[0], encoding="utf-8")


def _atheris(target: str, seconds: int, out: Path) -> None:
    import atheris

    with atheris.instrument_imports(include=["exdose"]):
        import targets

        targets.TARGETS[target](b"")  # import everything the target uses, instrumented
    function = targets.TARGETS[target]
    corpus = out / target / "corpus"
    artifacts = out / target / "artifacts"
    artifacts.mkdir(parents=True, exist_ok=True)
    _seed(target, corpus)
    # Run the seeds once first: a lazy import on the first real input (scikit-learn in the
    # ratings target took over 5 s on the shared machine) would otherwise count as a hang.
    for seed in sorted(corpus.iterdir())[:5]:
        with contextlib.suppress(Exception):  # findings are libFuzzer's job, not the warm-up's
            function(seed.read_bytes())
    max_len = {"ingest": 65536, "notation": 512}.get(target, 8192)
    argv = [
        sys.argv[0],
        str(corpus),
        f"-max_total_time={seconds}",
        "-timeout=5",
        "-rss_limit_mb=1024",
        f"-max_len={max_len}",
        f"-artifact_prefix={artifacts}/",
        "-print_final_stats=1",
    ]
    atheris.Setup(argv, function)
    atheris.Fuzz()


def _hypothesis(target: str, seconds: int) -> None:
    """Fallback without atheris: random bytes and seed mutations under hypothesis for SECONDS."""
    import time

    from hypothesis import HealthCheck, given, settings
    from hypothesis import strategies as st
    from targets import SEEDS, TARGETS

    seeds = [
        Path(n).read_bytes()
        for pattern in SEEDS[target]
        for n in glob.glob(str(ROOT / pattern))
        if Path(n).is_file()
    ] or [b""]
    stop = time.monotonic() + seconds
    runs = 0

    @settings(
        max_examples=10**9,
        deadline=None,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    @given(st.sampled_from(seeds), st.binary(max_size=64), st.integers(0, 4096))
    def run(seed: bytes, noise: bytes, at: int) -> None:
        nonlocal runs
        if time.monotonic() > stop:
            return
        runs += 1
        at = min(at, len(seed))
        TARGETS[target](seed[:at] + noise + seed[at + len(noise) // 2 :])

    run()
    print(f"stat::number_of_executed_units: {runs}")


def main() -> None:
    target, seconds = sys.argv[1], int(sys.argv[2])
    out = (
        Path(sys.argv[3])
        if len(sys.argv) > 3 and not sys.argv[3].startswith("-")
        else (ROOT / "out" / "fuzz")
    )
    if "--hypothesis" in sys.argv:
        _hypothesis(target, seconds)
        return
    try:
        import atheris  # noqa: F401
    except ImportError:
        print("atheris is not installed: running the hypothesis fallback", file=sys.stderr)
        _hypothesis(target, seconds)
        return
    _atheris(target, seconds, out)


if __name__ == "__main__":
    main()
