# make play: set up .venv if needed and start the game.  make test: the same, then every test.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: play test lint demo screenshots bench soak simulate clean

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 10) else "Ambassador needs Python 3.10 or newer")'
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

play: $(STAMP)
	$(PY) -m game

test: $(STAMP)
	$(PY) -m ruff check game tests
	$(PY) -m game check
	SDL_VIDEODRIVER=dummy SDL_AUDIODRIVER=dummy $(PY) -m pytest -q -n auto

lint: $(STAMP)
	$(PY) -m ruff check game tests
	$(PY) -m ruff format --check game tests

demo: $(STAMP)
	$(PY) -m game --demo --seconds 60

screenshots: $(STAMP)
	SDL_VIDEODRIVER=dummy SDL_AUDIODRIVER=dummy $(PY) -m game screenshots screenshots

bench: $(STAMP)
	SDL_VIDEODRIVER=dummy SDL_AUDIODRIVER=dummy $(PY) -m game bench

soak: $(STAMP)
	SOAK_EVENTS=20000 SDL_VIDEODRIVER=dummy SDL_AUDIODRIVER=dummy $(PY) -m pytest -q tests/test_soak.py

simulate: $(STAMP)
	$(PY) -m game simulate --strategy all --runs 500

clean:
	rm -rf $(VENV) screenshots .pytest_cache .ruff_cache
