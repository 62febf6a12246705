# PeerLearn — the two commands a fresh machine needs:
#   make dev    set everything up, build the SPA, run the whole product locally (moto, no AWS, no Docker)
#   make test   set everything up and run every check and test (what CI runs via .ci/run)

PY      ?= python3
VENV    := .venv
BIN     := $(VENV)/bin
PYDEPS  := $(VENV)/.installed
NODEDEPS := frontend/node_modules/.installed
INFRADEPS := $(VENV)/.infra-installed
DEV_FLAGS ?=

.PHONY: dev test setup spa chromium coturn lint typecheck api-types api-types-check pytest unit functional integration e2e frontend-check bench bench-frontend mutation clean

$(PYDEPS): requirements.txt requirements-dev.txt
	$(PY) -m venv $(VENV)
	$(BIN)/pip install -q --disable-pip-version-check 'pip<26.3'
	$(BIN)/pip install -q --disable-pip-version-check -r requirements-dev.txt
	touch $@

$(INFRADEPS): $(PYDEPS) infra/requirements.txt
	$(BIN)/pip install -q --disable-pip-version-check -r infra/requirements.txt
	touch $@

$(NODEDEPS): frontend/package.json frontend/package-lock.json
	cd frontend && npm ci --no-audit --no-fund --loglevel=error
	touch $@

setup: $(PYDEPS) $(NODEDEPS)

spa: $(NODEDEPS)
	cd frontend && npm run build

dev: setup spa
	$(BIN)/python -m local $(DEV_FLAGS)

# Headless browser tests use Debian's chromium (Playwright never downloads a browser here).
chromium:
	@command -v chromium >/dev/null 2>&1 || { \
	  echo "installing Debian chromium (needs root)"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; }

# The room's TURN tests run a real coturn on loopback (tests/support/coturn.py, fixture `coturn`).
coturn:
	@command -v turnserver >/dev/null 2>&1 || { \
	  echo "installing Debian coturn (needs root)"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq coturn >/dev/null; }

lint: $(PYDEPS)
	$(BIN)/ruff check .

typecheck: $(PYDEPS)
	$(BIN)/mypy
	$(BIN)/mypy --strict chalicelib

# The SPA's API types are generated from the OpenAPI document the Python code builds (docs/api.md).
api-types: $(PYDEPS) $(NODEDEPS)
	cd frontend && PYTHON=$(abspath $(BIN))/python npm run --silent gen:api

# CI: regenerate and fail when the committed file differs (a schema changed without `make api-types`).
api-types-check: api-types
	git diff --exit-code -- frontend/src/lib/api-schema.gen.ts

frontend-check: $(NODEDEPS)
	cd frontend && npm run lint && npm test

unit: $(PYDEPS)
	$(BIN)/pytest tests/unit -q

functional: $(PYDEPS)
	$(BIN)/pytest tests/functional -q -n 2

integration: $(PYDEPS) coturn
	$(BIN)/pytest tests/integration -q

e2e: $(PYDEPS) chromium coturn spa
	$(BIN)/pytest tests/e2e -q

# Tiers: unit (pure rules, sockets blocked), functional (one context through its routes on in-process
# moto, both cores), then the suites that start the local stack and browsers, one at a time.
test: setup $(INFRADEPS) chromium coturn lint typecheck api-types-check frontend-check spa
	$(BIN)/pytest -q tests/unit
	$(BIN)/pytest -q -n 2 tests/functional
	$(BIN)/pytest -q tests/infra tests/integration tests/e2e

bench: $(PYDEPS)
	$(BIN)/python bench/cold_start.py

# Lighthouse (pinned frontend devDependency) on /, /sessions and /mentors, phone and desktop; not in `make test`.
bench-frontend: $(PYDEPS) $(NODEDEPS) chromium
	$(BIN)/python bench/frontend.py

# Mutation testing (mutmut 3) of payments, bookings' service, access tokens and access rules; not part of
# `make test` or CI. Resumes from mutants/ (MUTATION_FLAGS=--fresh starts over); the last line is a JSON summary.
MUTATION_FLAGS ?=
mutation: $(PYDEPS)
	$(BIN)/python tools/mutation.py $(MUTATION_FLAGS)

clean:
	rm -rf $(VENV) frontend/node_modules frontend/dist .local .pytest_cache .mypy_cache .ruff_cache mutants
