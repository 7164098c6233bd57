# kinerja-survey: `make demo` and `make test` are the whole quick start.
PYTHON ?= python3
VENV   ?= .venv
PY     := $(VENV)/bin/python
DEMO_DB ?= data/demo.sqlite
STAMP  := $(VENV)/.installed

.PHONY: demo test serve install bench clean lint

$(STAMP): pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[test]'
	touch $(STAMP)

install: $(STAMP)

demo: $(STAMP)
	$(VENV)/bin/kinerja-survey --db $(DEMO_DB) demo --timpa --tautan data/demo-links.csv --akun data/demo-akun.txt
	@echo "Baris perintah: $(VENV)/bin/kinerja-survey --db $(DEMO_DB) --help  (atau: source $(VENV)/bin/activate)"
	$(VENV)/bin/kinerja-survey --db $(DEMO_DB) jalankan --tautan-demo data/demo-links.csv

test: $(STAMP)
	$(PY) -m pytest -q --durations=20

bench: $(STAMP)
	for b in benchmarks/bench_*.py; do echo "== $$b"; $(PY) $$b || exit 1; done

clean:
	rm -rf $(VENV) data/demo.sqlite* data/demo-links.csv data/demo-akun.txt
