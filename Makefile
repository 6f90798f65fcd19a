# The two commands a newcomer runs (see README.md); both do their own set-up.
PY := .venv/bin/python
OUT ?= out/demo

.PHONY: demo test setup clean

setup:
	bash scripts/setup.sh

demo:
	bash scripts/setup.sh --data
	bash scripts/demo.sh $(OUT)

test: setup
	$(PY) -m pytest -q tests

clean:
	rm -rf out runs .pytest_cache
