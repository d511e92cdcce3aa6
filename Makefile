# HotStack's front door. `make help` lists the targets; each works on a fresh clone.
SHELL := /bin/bash
.DEFAULT_GOAL := help
STATE ?= .hotstack
PROFILE ?= embedded
PYTEST_ARGS ?=
UV = $(eval UV := $$(shell scripts/bootstrap.sh))$(UV)

.PHONY: help install up down demo token chaos bench test test-unit lint format asyncapi catalogues clean

help: ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-10s %s\n", $$1, $$2}'

install: ## install uv (if missing) and the locked environment
	@scripts/bootstrap.sh >/dev/null

up: ## start the stack: embedded (default) or PROFILE=cluster (3 NATS nodes, PostgreSQL, SeaweedFS, 2 replicas each)
	@$(UV) run hotstack up --state $(STATE) --profile $(PROFILE)

down: ## stop the stack, whichever profile is up
	@$(UV) run hotstack down --state $(STATE)

demo: ## walk the sample brief through the running stack and print its timeline
	@$(UV) run hotstack demo --state $(STATE)

compose-env: ## print a .env for docker compose: auth secret, ledger and witness keys
	@scripts/compose-env.sh

token: ## print a bearer token: make -s token TENANT=acme
	@$(UV) run hotstack token --tenant $(or $(TENANT),demo)

test: ## run every test tier (unit, integration, e2e); installs Chromium for the browser tests
	@scripts/test-tools.sh
	@$(UV) run pytest $(PYTEST_ARGS)

test-unit: ## run the unit tier only
	@$(UV) run pytest -m unit $(PYTEST_ARGS)

chaos: ## 30 uploads under random SIGKILLs and a NATS restart (PROFILE=cluster: 200, engines too); prints the counts
	@$(UV) run python -m tests.chaos.run --profile $(PROFILE)

catalogues: ## re-extract the sites' words and merge them into every language's catalogue
	@$(UV) run pybabel extract --no-location --sort-output -k N_ -o services/build/src/hotstack_build/locale/site.pot services/build/src/hotstack_build/domain/furniture.py
	@$(UV) run pybabel update --ignore-obsolete -D site -i services/build/src/hotstack_build/locale/site.pot -d services/build/src/hotstack_build/locale

bench: ## run the benchmarks (not part of the tests) and write bench/results/
	@$(UV) run python -m bench.ledger_bench
	@$(UV) run python -m bench.bus_bench
	@$(UV) run python -m bench.consumer_bench
	@$(UV) run python -m bench.upload_bench
	@$(UV) run python -m bench.e2e_bench
	@$(UV) run python -m bench.idle_bench
	@$(UV) run python -m bench.summary

lint: ## ruff (format check + lint), mypy strict, import-linter
	@$(UV) run ruff format --check .
	@$(UV) run ruff check .
	@$(UV) run mypy contracts/src libs/src services/*/src witness/src tools/src witness/tests bench tests services/*/tests libs/tests contracts/tests conftest.py
	@$(UV) run lint-imports

format: ## apply ruff's formatting and safe fixes
	@$(UV) run ruff format .
	@$(UV) run ruff check --fix .

asyncapi: ## export JSON Schema per event, the AsyncAPI 3 document and the README's subject table
	@$(UV) run python -m hotstack_tools.catalogue
	@echo "exported to contracts/export/, README.md and ARCHITECTURE.md"

clean: ## remove the embedded stack's state
	rm -rf $(STATE)
