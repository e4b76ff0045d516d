# Two commands set everything up: `make run` and `make test`. Each installs what it needs.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-$(shell cksum requirements.txt | cut -d' ' -f1)
PORT ?= 8501

.PHONY: run test install system-deps bench clean

$(STAMP): requirements.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements.txt
	rm -f $(VENV)/.installed-* && touch $(STAMP)

install: $(STAMP)

# The app on http://localhost:$(PORT), with the scheduler in the background; Ctrl-C stops both.
run: install
	$(BIN)/python -m compass db upgrade
	@$(BIN)/python scheduler.py & scheduler=$$!; \
	trap 'kill $$scheduler 2>/dev/null' EXIT INT TERM; \
	$(BIN)/streamlit run app.py --server.port $(PORT)

system-deps:
	bash .ci/system-deps

# ruff first (seconds), with the project's config in pyproject.toml: style is checked, not hoped for.
test: install system-deps
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/python -m pytest -n 2

bench: install
	$(BIN)/python bench/import.py

clean:
	rm -rf $(VENV) .pytest_cache
