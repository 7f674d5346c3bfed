"""How fast dose notation parses and prints (programmes with thousands of doses must load fast).

Run: .venv/bin/python bench/bench_notation.py (CPU time of this process, so other load on the
machine does not inflate the figures much).
"""

from __future__ import annotations

import itertools
import time

from exdose.program.notation import NOTATION_EXAMPLES, _parse_cached, format_dose, parse_dose


def distinct_doses(count: int) -> list[str]:
    """`count` different realistic doses (different strings, so the parse cache cannot help)."""
    forms = itertools.cycle(
        [
            "{s}x{r}-{r2} @RIR{rir} rest {rest}s tempo 3-1-1-0",
            "{s}x{r} @{pct}%1RM rest {rest}s",
            "{s}x{r}min @85-95%HRmax rest {rest}s",
            "{s}x(3 breaths + {r}s apnoea) rest {rest}s",
            "{s}x{r}/side @RPE{rpe} rest {rest}s",
            "{s}x{r}s hold rest {rest}s",
            "{s} x {r} @ {kg} kg, @ RIR {rir}, rest: {rest} sec",
        ]
    )
    doses = []
    # s, r and rest together determine n, so every string is different.
    for n, form in zip(range(count), forms, strict=False):
        doses.append(
            form.format(
                s=1 + n % 10,
                r=1 + (n // 10) % 40,
                r2=41 + n % 50,
                rir=n % 5,
                rest=30 + n // 400,
                pct=50 + n % 50,
                rpe=5 + n % 5,
                kg=20 + (n % 400) / 2,
            )
        )
    return doses


def main() -> None:
    """Print parse and print rates for distinct and repeated doses."""
    texts = distinct_doses(5_000)
    assert len(set(texts)) == len(texts)
    _parse_cached.cache_clear()
    start = time.process_time()
    doses = [parse_dose(text) for text in texts]
    parse_s = time.process_time() - start
    start = time.process_time()
    canonical = [format_dose(dose) for dose in doses]
    print_s = time.process_time() - start
    repeated = list(NOTATION_EXAMPLES) * 1000
    start = time.process_time()
    for text in repeated:
        parse_dose(text)
    cached_s = time.process_time() - start
    assert [parse_dose(text) for text in canonical] == doses
    rows = [
        ("parse, distinct doses", len(texts), parse_s),
        ("format", len(doses), print_s),
        ("parse, repeated doses", len(repeated), cached_s),
    ]
    for label, count, seconds in rows:
        print(f"{label:22}: {count} in {seconds:.3f} s = {1e6 * seconds / count:.2f} us/dose")


if __name__ == "__main__":
    main()
