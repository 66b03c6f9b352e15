# Praatplaat: `make run` serves the app, `make test` runs every test. Each sets itself up.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 5000
export HOST PORT

.PHONY: run test catalogs extract update-catalogs lint bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(VENV)/.app: $(BIN)/python pyproject.toml setup.py
	$(BIN)/pip install --quiet --disable-pip-version-check -e .
	touch $@

$(VENV)/.test: $(VENV)/.app
	$(BIN)/pip install --quiet --disable-pip-version-check -e '.[test]'
	touch $@

catalogs: $(VENV)/.app
	$(BIN)/pybabel compile --directory translations --domain messages

run: catalogs
	$(BIN)/praatplaat serve --host $(HOST) --port $(PORT)

test: $(VENV)/.test catalogs
	$(BIN)/python -m pytest $(PYTEST_ARGS)

# For developers: after changing strings, extract them and merge into every catalog.
extract: $(VENV)/.app
	$(BIN)/pybabel extract --mapping babel.cfg --keywords _l --keywords N_ --keywords in_languages_n:1,2 --no-location --sort-output \
		--project Praatplaat --copyright-holder "Praatplaat" --output-file translations/messages.pot .

update-catalogs: extract
	$(BIN)/pybabel update --input-file translations/messages.pot --output-dir translations --no-fuzzy-matching --ignore-obsolete

lint: $(VENV)/.test
	$(BIN)/ruff check praatplaat tests bench

bench: $(VENV)/.test catalogs
	$(BIN)/python bench/weight.py

clean:
	rm -rf $(VENV) build dist *.egg-info
