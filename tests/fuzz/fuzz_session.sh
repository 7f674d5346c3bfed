#!/usr/bin/env bash
# A sustained fuzz session: each target in turn (one at a time, niced: the machine is shared),
# SECONDS each, logs and artifacts under OUT. Usage: fuzz_session.sh SECONDS OUT TARGET...
set -u
seconds=$1; out=$2; shift 2
py=${PY:-.venv/bin/python}
mkdir -p "$out"
for target in "$@"; do
  echo "== $target $(date -u +%H:%M:%S)" >> "$out/session.log"
  /usr/bin/time -v nice -n 10 "$py" tests/fuzz/run_fuzz.py "$target" "$seconds" "$out" \
    > "$out/$target.log" 2>&1
  echo "   exit $? $(date -u +%H:%M:%S)" >> "$out/session.log"
done
