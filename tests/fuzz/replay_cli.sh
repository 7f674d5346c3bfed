#!/usr/bin/env bash
# Replays every corpus input (and the atheris findings of a session, if OUT is given) through the
# command line: prints "file exit-code" and fails when any run prints a traceback or exits other
# than 0, 1 or 2. Usage: replay_cli.sh [OUT]
set -u
py=${PY:-.venv/bin/python}
bad=0
run() {
  local out rc
  out=$(PYTHONPATH=src nice -n 5 "$py" -m exdose "$@" 2>&1 >/dev/null); rc=$?
  if [ $rc -gt 2 ] || grep -q "Traceback" <<<"$out"; then bad=1; echo "FAIL $rc $*"; echo "$out" | tail -3
  else echo "$rc $*"; fi
}
for f in tests/fuzz/corpus/log/* tests/fuzz/corpus/generic/*; do run load "$f" --unit kg; done
for f in tests/fuzz/corpus/pain/*; do run load examples/logs/exdose.csv --pain "$f"; done
for f in tests/fuzz/corpus/mapping/*; do run load examples/logs/strong.csv --mapping "$f"; done
for f in tests/fuzz/corpus/program/*; do run check "$f"; run expand "$f"; done
for f in tests/fuzz/known/* ${1:+$1/*/artifacts/*}; do
  [ -e "$f" ] || continue
  case "$f" in
    */program/*) run check "$f" ;;
    */log/*) run load "$f" --unit kg ;;
    */mapping/*) run load examples/logs/strong.csv --mapping "$f" ;;
    */pain/*) run load examples/logs/exdose.csv --pain "$f" ;;
    *) run appraise "$f" ;;
  esac
done
exit $bad
