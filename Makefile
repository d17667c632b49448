# Tiếp Dân — everything a newcomer needs is `make run` and `make test`; both call `make setup`.
SHELL := /bin/bash
PY_BOOT ?= python3
VENV := .venv
BIN := $(VENV)/bin
UV_VERSION := 0.13.9
PACKAGES := kit services/intake services/roster services/alerts services/reports services/console embedded
STAMP := $(VENV)/.installed

.PHONY: setup run test test-unit e2e chart-check lint bench up down lock clean token

setup: $(STAMP)

$(STAMP): requirements/lock.txt requirements/local.txt $(foreach p,$(PACKAGES),$(p)/pyproject.toml)
	@test -x $(BIN)/python || $(PY_BOOT) -m venv $(VENV)
	@$(BIN)/python -m pip install -q --disable-pip-version-check uv==$(UV_VERSION)
	@$(BIN)/uv pip sync -q --python $(BIN)/python requirements/lock.txt requirements/local.txt
	@touch $(STAMP)
	@echo "setup: environment ready in $(VENV)"

run: setup
	$(BIN)/python -m tiepdan.embedded

test: setup
	$(BIN)/python -m pytest --ignore=tests/e2e

e2e: setup
	$(BIN)/python -m pytest tests/e2e

chart-check: setup
	$(BIN)/python -m pytest tests/chart

test-unit: setup
	$(BIN)/python -m pytest -m "not postgres and not rabbitmq"

lint: setup
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy kit/src/tiepdan/kit

bench: setup
	$(BIN)/python -m bench

up: setup
	$(BIN)/python tools/stack.py up

down:
	@if [ -x $(BIN)/python ]; then $(BIN)/python tools/stack.py down; fi

lock:
	$(BIN)/uv pip compile requirements/base.in -o requirements/lock.txt --python-version 3.11 --generate-hashes -q

token: setup
	@$(BIN)/tiepdan token $(ARGS)

clean:
	rm -rf $(VENV) .venv-chart .tools var .pytest_cache .ruff_cache .mypy_cache
