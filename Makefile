# Shortcuts for the scripts the README names (make itself is not needed: the scripts install everything).
.PHONY: setup run test screenshots bench

setup:
	bash scripts/setup.sh

run:
	bash scripts/run.sh

test:
	bash scripts/test.sh

screenshots:
	bash scripts/screenshots.sh

bench: setup
	for b in card_read face_latency backend_load reception; do .venv/bin/python benchmarks/$$b.py || exit 1; done
	.venv/bin/python benchmarks/face_eval.py hardware_sim/personas/faces
