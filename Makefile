# cstagen — run `make help` for the targets.
GO       ?= go
FUZZTIME ?= 20s
# the short fuzz pass of make test: each target of ./fuzz (and the front end's) for this
# many executions (1 to 10 s each on the 2-core machines). A count, not a duration: with a
# duration go1.26's fuzz coordinator can fail a run at its deadline with "context deadline
# exceeded" and no failing input (golang/go#75804, fixed in go1.27), as make test did now
# and then on a busy machine.
FUZZSHORT ?= 8000x
# The short pass minimizes a new interesting input for at most this long:
# go test's default (60s) can outlast -fuzztime and fail the run with
# "context deadline exceeded" while minimizing.
FUZZMINIMIZE ?= 1s
GOFILES   = $(shell git ls-files '*.go' 2>/dev/null || find . -name '*.go' -not -path './.git/*')

.PHONY: help test lint bench bench-ci fuzz fuzz-short generate

help:
	@echo "make test      lint, every test, and a short fuzz pass (what CI runs)"
	@echo "make lint      gofmt, go vet, and no large non-generated file tracked (internal/repolint)"
	@echo "make bench     the benchmarks in bench/ (BENCHCOUNT runs each), then tables of the best runs"
	@echo "make bench-ci  the codec benchmarks under callgrind: instructions per op, fails on a regression (bench/ci.txt)"
	@echo "make fuzz      each fuzz target for FUZZTIME (default $(FUZZTIME))"
	@echo "make generate  regenerate generated code (go generate ./...)"

test: lint
	$(GO) test -count=1 ./...
	$(GO) test -race -count=1 ./runtime/rose ./runtime/framing ./conn ./sim ./cti
	$(MAKE) fuzz-short

fuzz-short:
	@set -e; for target in $$($(GO) test -list '^Fuzz' ./fuzz | grep '^Fuzz'); do \
		echo "== ./fuzz $$target ($(FUZZSHORT))"; \
		$(GO) test -run '^$$' -fuzz "^$$target$$" -fuzztime $(FUZZSHORT) -fuzzminimizetime $(FUZZMINIMIZE) ./fuzz; \
	done
	@echo "== ./asn1 FuzzSchema ($(FUZZSHORT))"
	@$(GO) test -run '^$$' -fuzz '^FuzzSchema$$' -fuzztime $(FUZZSHORT) -fuzzminimizetime $(FUZZMINIMIZE) ./asn1

lint:
	@unformatted="$$(gofmt -l $(GOFILES))"; \
	if [ -n "$$unformatted" ]; then echo "gofmt needed:"; echo "$$unformatted"; exit 1; fi
	$(GO) vet ./...
	$(GO) test -count=1 -run '^TestTrackedFiles$$' ./internal/repolint

# make bench runs every benchmark BENCHCOUNT times, prints the raw output
# as it comes, keeps it in BENCHOUT, and ends with markdown tables of the
# fastest run of each (internal/benchtable). The asn1c peer needs asn1c and
# a C compiler: the asn1c build tag is set when both are installed. The
# pugixml peer needs pugixml (pkg-config file or header, e.g. Debian
# libpugixml-dev) and a C++ compiler: the pugixml tag. The timeout leaves
# room for a first Erlang oracle compile (several minutes).
BENCHCOUNT ?= 5
BENCHOUT   ?= $(or $(TMPDIR),/tmp)/cstagen-bench.txt
BENCHTAGS  ?= $(shell tags=; \
	if command -v asn1c >/dev/null 2>&1 && command -v cc >/dev/null 2>&1; then tags=asn1c; fi; \
	if command -v c++ >/dev/null 2>&1 && { pkg-config --exists pugixml 2>/dev/null || test -f /usr/include/pugixml.hpp; }; then \
		tags=$${tags:+$$tags,}pugixml; fi; \
	echo $$tags)
BENCHGROUPS = \
	-group 'BER, whole ROSE APDU: HiPath DeliveredEvent, 176 B (go-asn1-ber: 177 B, timestamp with Z);WalkTLV;^(WalkTLV|BERReaderWalk|BER(De|En)codeDelivered|CSTA(De|En)codeDelivered|ASN1BER.*)$$' \
	-group 'BER, its CSTAEventReportArgument, 166 B;WalkTLVArgument;Argument$$' \
	-group 'CSTA-XML, OpenScape Voice OriginatedEvent, 1083 B;XMLTokenizerWalk;^(XML.*|CSTAXML.*|StdXML.*|Pugixml.*)$$' \
	-group 'Scaling: SnapshotDevice result with n items (ns/item in the raw output);;^ScalingSnapshotDevice/'

bench:
	$(GO) test -run '^$$' -bench . -benchmem -count $(BENCHCOUNT) -timeout 30m -tags '$(BENCHTAGS)' ./bench/ 2>&1 | tee $(BENCHOUT) | $(GO) run ./internal/benchtable -tee $(BENCHGROUPS)

# make bench-ci compiles the bench test binary once, then internal/benchci
# runs each codec benchmark of bench/ci.txt under valgrind's callgrind at
# two iteration counts (instructions per op are the difference) and fails
# when a codec allocates or exceeds its ratio to the floor (bench/README.md).
BENCHCIBIN  ?= $(or $(TMPDIR),/tmp)/cstagen-bench-ci.test
BENCHCIJOBS ?= 2

bench-ci:
	$(GO) test -c -o $(BENCHCIBIN) -tags '$(BENCHTAGS)' ./bench/
	$(GO) run ./internal/benchci -bin $(BENCHCIBIN) -config bench/ci.txt -jobs $(BENCHCIJOBS)

fuzz:
	@set -e; for pkg in $$($(GO) list ./...); do \
		for target in $$($(GO) test -list '^Fuzz' $$pkg | grep '^Fuzz' || true); do \
			echo "== $$pkg $$target ($(FUZZTIME))"; \
			$(GO) test -run '^$$' -fuzz "^$$target$$" -fuzztime $(FUZZTIME) $$pkg; \
		done; \
	done

generate:
	$(GO) generate ./...
