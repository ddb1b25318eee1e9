# The two commands of the README, plus the lint step CI runs.
.PHONY: run test lint setup bench upgrade-check

run:
	@bash scripts/dev.sh run

test:
	@bash scripts/dev.sh test

lint:
	@bash scripts/dev.sh lint

setup:
	@bash scripts/dev.sh setup

bench:
	@bash scripts/dev.sh bench

upgrade-check:
	@bash scripts/dev.sh upgrade-check
