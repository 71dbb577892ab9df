# make play: set up .venv if needed and start the game.  make test: the same, then every test.
# make dist: the standalone game for new hires (dist/), for this system; make dist-test: try it.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
DIST_VENV := build/dist-venv
DIST_PY := $(DIST_VENV)/bin/python

.PHONY: play test lint demo screenshots bench soak simulate dist dist-test clean

$(STAMP): pyproject.toml setup.py
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
	SDL_VIDEODRIVER=dummy SDL_AUDIODRIVER=dummy $(PY) -m pytest -q -n auto --dist loadgroup -m "not slow"

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

# A Python of its own with the game's dependencies and PyInstaller only, so nothing of the
# tests' tooling lands in the bundle; PyInstaller freezes this checkout's code (ambassador.spec).
dist:
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 10) else "Ambassador needs Python 3.10 or newer")'
	test -x $(DIST_PY) || $(PYTHON) -m venv $(DIST_VENV)
	$(DIST_PY) -m pip install --quiet --upgrade pip
	$(DIST_PY) -m pip install --quiet '.[dist,postgres]'  # a bundle reaches a company board too
	$(DIST_PY) -m PyInstaller --noconfirm --clean --log-level WARN --distpath dist --workpath build/pyinstaller ambassador.spec

dist-test: dist $(STAMP)
	SDL_VIDEODRIVER=dummy SDL_AUDIODRIVER=dummy $(PY) -m pytest -q -m slow tests/test_dist.py

clean:
	rm -rf $(VENV) screenshots .pytest_cache .ruff_cache build dist
