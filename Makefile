# cstagen — run `make help` for the targets.
GO       ?= go
FUZZTIME ?= 20s
# the short fuzz pass of make test: each target of ./fuzz for this long
FUZZSHORT ?= 4s
GOFILES   = $(shell git ls-files '*.go' 2>/dev/null || find . -name '*.go' -not -path './.git/*')

.PHONY: help test lint bench fuzz fuzz-short generate

help:
	@echo "make test      lint, every test, and a short fuzz pass (what CI runs)"
	@echo "make lint      gofmt and go vet"
	@echo "make bench     the benchmarks in bench/, with allocations"
	@echo "make fuzz      each fuzz target for FUZZTIME (default $(FUZZTIME))"
	@echo "make generate  regenerate generated code (go generate ./...)"

test: lint
	$(GO) test -count=1 ./...
	$(GO) test -race -count=1 ./runtime/rose ./runtime/framing ./conn
	$(MAKE) fuzz-short

fuzz-short:
	@set -e; for target in $$($(GO) test -list '^Fuzz' ./fuzz | grep '^Fuzz'); do \
		echo "== ./fuzz $$target ($(FUZZSHORT))"; \
		$(GO) test -run '^$$' -fuzz "^$$target$$" -fuzztime $(FUZZSHORT) ./fuzz; \
	done

lint:
	@unformatted="$$(gofmt -l $(GOFILES))"; \
	if [ -n "$$unformatted" ]; then echo "gofmt needed:"; echo "$$unformatted"; exit 1; fi
	$(GO) vet ./...

bench:
	$(GO) test -run '^$$' -bench . -benchmem ./bench/

fuzz:
	@set -e; for pkg in $$($(GO) list ./...); do \
		for target in $$($(GO) test -list '^Fuzz' $$pkg | grep '^Fuzz' || true); do \
			echo "== $$pkg $$target ($(FUZZTIME))"; \
			$(GO) test -run '^$$' -fuzz "^$$target$$" -fuzztime $(FUZZTIME) $$pkg; \
		done; \
	done

generate:
	$(GO) generate ./...
