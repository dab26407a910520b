# Two commands: `make run` and `make test`. Each creates what it needs.
SHELL := /bin/bash
.DEFAULT_GOAL := help

VENV      := .venv
RASA_VENV := .venv-rasa
BIN       := $(VENV)/bin

# Python >= 3.11 for the gateway; exactly 3.10 for Rasa 3.6 (it won't install on 3.11).
find_python = $(shell for p in $(1); do \
	command -v $$p >/dev/null 2>&1 && $$p -c 'import sys; sys.exit(0 if $(2) else 1)' 2>/dev/null \
	&& { echo $$p; break; }; done)
PYTHON    ?= $(call find_python,python3.11 python3.12 python3.13 python3,sys.version_info >= (3, 11))
PYTHON310 ?= $(call find_python,python3.10 $(wildcard $(HOME)/.pyenv/versions/3.10*/bin/python3.10) /usr/bin/python3.10 /usr/local/bin/python3.10,sys.version_info[:2] == (3, 10))

.PHONY: help run test test-unit test-e2e venvs browser train lint format typecheck bench clean

help: ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-10s %s\n", $$1, $$2}'

$(VENV)/.stamp: pyproject.toml
	@test -n "$(PYTHON)" || { echo "error: Python >= 3.11 not found"; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e '.[dev]'
	@touch $@

$(RASA_VENV)/.stamp: rasa-requirements.txt
	@test -n "$(PYTHON310)" || { echo "error: Python 3.10 not found (Rasa 3.6 needs it)"; exit 1; }
	@echo "Creating Rasa's environment with $(PYTHON310) (about 2.7 GB, 1-3 min)..."
	$(PYTHON310) -m venv $(RASA_VENV)
	$(RASA_VENV)/bin/pip install -q --upgrade pip
	$(RASA_VENV)/bin/pip install -q -r rasa-requirements.txt
	@touch $@

venvs: $(VENV)/.stamp $(RASA_VENV)/.stamp ## Create both environments if missing

# The browser test drives Debian's Chromium (never `playwright install`);
# Chinese glyphs need the Noto CJK fonts. Installed from apt when missing.
browser: ## Install Chromium and the CJK fonts from apt if missing
	@if ! command -v chromium >/dev/null 2>&1 || ! fc-list 2>/dev/null | grep -qi "Noto Sans CJK"; then \
		echo "Installing chromium and fonts-noto-cjk from apt (once)..."; \
		sudo=$$([ "$$(id -u)" = 0 ] || echo sudo); \
		$$sudo apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive $$sudo apt-get install -y -qq chromium fonts-noto-cjk; \
	fi

train: venvs ## Train the Rasa model if its data changed
	$(BIN)/hotline train

run: venvs ## Run the whole service (embedded Redis + SQLite by default)
	$(BIN)/hotline run

test: venvs browser ## Run the whole suite: unit, end-to-end (embedded and servers), browser
	$(BIN)/hotline train
	$(BIN)/pytest

test-unit: venvs ## Only the fast unit tests
	$(BIN)/pytest -m "not e2e"

lint: venvs ## ruff lint and format check
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: venvs ## Apply ruff formatting and fixes
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

typecheck: venvs ## mypy
	$(BIN)/mypy bot channels actions knowledge_faq

bench: venvs ## Web-chat round trip vs Rasa's own REST webhook
	$(BIN)/hotline train
	$(BIN)/python bench/roundtrip.py

clean: ## Remove runtime state (var/) and trained models
	rm -rf var models
