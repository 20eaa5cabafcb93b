# Mignuti Chatbot. `make dev` runs the product locally, `make test` runs every test.
.PHONY: dev test setup build db-start db-stop db-reset bench fmt

dev:            ## install what is missing, start Postgres and the edge on :8787
	@scripts/dev.sh

test:           ## every test layer; what CI runs (.ci/run)
	@scripts/test.sh

setup:          ## install tools and packages (cached)
	@scripts/setup.sh

build:          ## build every worker to Wasm and print the sizes
	@scripts/setup.sh && scripts/build-all.sh --sizes

db-start:
	@scripts/db.sh start
db-stop:
	@scripts/db.sh stop
db-reset:       ## rebuild the local database from the migrations and the seed
	@scripts/db.sh reset

bench:          ## benchmarks whose figures go into docs/benchmarks.md
	@scripts/bench.sh

fmt:
	@cargo fmt --all
