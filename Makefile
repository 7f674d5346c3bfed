# exdose — set up, demo and test. Every target is safe to run again.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: setup demo test lint typecheck bench fuzz clean

setup: $(STAMP)
	@# Byte-compile our sources: where PYTHONDONTWRITEBYTECODE is set, every start would
	@# otherwise recompile them (about a quarter of `exdose check`'s start-up). Up-to-date files
	@# are skipped, so this is quick.
	@$(BIN)/python -m compileall -q src >/dev/null

$(STAMP): pyproject.toml
	@bash scripts/system-deps.sh
	@test -x $(BIN)/python || $(PY) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	@touch $(STAMP)

demo: setup
	$(BIN)/python scripts/demo.py
	PYTHONPATH=src $(BIN)/python -m exdose.web.demo_shots out/web

lint: setup
	$(BIN)/ruff check src tests bench scripts
	$(BIN)/ruff format --check src tests bench scripts

typecheck: setup
	$(BIN)/mypy src

# The whole suite on SQLite; then, when EXDOSE_TEST_DATABASE_URL names a PostgreSQL server
# (.ci/run provides one), the web app's tests again on PostgreSQL.
test: lint typecheck
	env -u EXDOSE_TEST_DATABASE_URL $(BIN)/pytest -n 2
	@if [ -n "$$EXDOSE_TEST_DATABASE_URL" ]; then \
	  echo "web tests on PostgreSQL ($$EXDOSE_TEST_DATABASE_URL)"; \
	  $(BIN)/pytest -n 2 tests/web tests/web_review; \
	fi

# Coverage-guided fuzzing (atheris), one target at a time, FUZZ_SECONDS each; crashes, hangs
# (> 5 s) and inputs over 1 GiB RSS are saved under out/fuzz/TARGET/artifacts. See
# docs/reliability.md. `make fuzz FUZZ_TARGETS=log FUZZ_SECONDS=60` for a short run.
FUZZ_SECONDS ?= 600
FUZZ_TARGETS ?= log pain generic program notation mapping column_map ingest ratings
fuzz: setup
	PY=$(BIN)/python bash tests/fuzz/fuzz_session.sh $(FUZZ_SECONDS) out/fuzz $(FUZZ_TARGETS)
	@cat out/fuzz/session.log

bench: setup
	$(BIN)/python bench/run_all.py

clean:
	rm -rf $(VENV) out .pytest_cache .mypy_cache .ruff_cache
