# Tiếp Dân — everything a newcomer needs is `make run` and `make test`; both call `make setup`.
SHELL := /bin/bash
PY_BOOT ?= python3
VENV := .venv
BIN := $(VENV)/bin
UV_VERSION := 0.13.9
SERVICES := intake roster alerts reports console
PACKAGES := kit services/intake services/roster services/alerts services/reports services/console embedded
STAMP := $(VENV)/.installed
NODE_STAMP := node_modules/.package-lock.json
TEST_WORKERS ?= 2

.PHONY: setup run test test-unit e2e chart-check lint bench up down lock clean token

# Bytecode is compiled here, not left to the first import: where PYTHONDONTWRITEBYTECODE is set (some machines do)
# every process would otherwise compile every module it imports, seconds per service start.
setup: $(STAMP) $(NODE_STAMP)
	@$(BIN)/python -m compileall -q -j 0 kit/src $(foreach s,$(SERVICES),services/$(s)/src) embedded/src >/dev/null

$(STAMP): requirements/lock.txt requirements/local.txt $(foreach p,$(PACKAGES),$(p)/pyproject.toml)
	@test -x $(BIN)/python || $(PY_BOOT) -m venv $(VENV)
	@$(BIN)/python -m pip install -q --disable-pip-version-check uv==$(UV_VERSION)
	@$(BIN)/uv pip sync -q --compile-bytecode --python $(BIN)/python requirements/lock.txt requirements/local.txt
	@touch $(STAMP)
	@echo "setup: environment ready in $(VENV)"

# axe-core and oidc-provider for the browser tests, pinned by package-lock.json; npm writes the stamp itself.
$(NODE_STAMP): package.json package-lock.json
	@if command -v npm >/dev/null; then npm ci --no-audit --no-fund --loglevel=error && echo "setup: node_modules ready"; \
	else echo "setup: npm not found (Debian package npm): browser and OpenID tests will skip, or fail under CI=true" >&2; fi

run: setup
	$(BIN)/python -m tiepdan.embedded

# tools/ensure-system.sh: start PostgreSQL and RabbitMQ when installed but down, install the system tools the tests
# run (as root); a loud banner for what it cannot do, an error under CI=true.
# Two pytest-xdist workers, a test file to one worker (its module's platform is started once); see kit/README.md.
test: setup
	@tools/ensure-system.sh
	$(BIN)/python -m pytest -n $(TEST_WORKERS) --dist loadfile --ignore=tests/e2e

# The end-to-end tests run one stack and cut its servers on purpose: one at a time.
e2e: setup
	@tools/ensure-system.sh
	$(BIN)/python -m pytest tests/e2e

chart-check: setup
	@tools/ensure-system.sh tools
	$(BIN)/python -m pytest tests/chart

test-unit: setup
	@tools/ensure-system.sh tools
	$(BIN)/python -m pytest -m "not postgres and not rabbitmq"

# ruff's rules and mypy's strictness per path are in pyproject.toml (domain/ strict; size rules on service/, domain/).
lint: setup
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy kit/src/tiepdan/kit embedded/src/tiepdan/embedded $(foreach s,$(SERVICES),services/$(s)/src/tiepdan/$(s))

bench: setup
	$(BIN)/python -m bench

up: setup
	@tools/ensure-system.sh servers
	$(BIN)/python tools/stack.py up

down:
	@if [ -x $(BIN)/python ]; then $(BIN)/python tools/stack.py down; fi

lock:
	$(BIN)/uv pip compile requirements/base.in -o requirements/lock.txt --python-version 3.11 --generate-hashes -q

token: setup
	@$(BIN)/tiepdan token $(ARGS)

clean:
	rm -rf $(VENV) .venv-chart .tools var node_modules .pytest_cache .ruff_cache .mypy_cache
