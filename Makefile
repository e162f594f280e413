# Two commands on a fresh Debian machine with the Swift toolchain and Python 3:
#   make demo   install what is missing, build in release mode, replay the quickstart notebook
#   make test   install what is missing, build and run every test (the pseudo-terminal test of the
#               prompt included), build the zoo's imdb-lm once (cached), then replay every notebook
#               with --check, twice
SHELL := /bin/bash
APT_PACKAGES := libedit-dev libopenblas-dev libcurl4
REPL := .build/release/repl

.PHONY: demo test deps build bench notebooks pty pretrained fuzz sanitize lint

deps:
	@scripts/install-deps.sh $(APT_PACKAGES)

build: deps
	swift build -c release --product repl

demo: build
	$(REPL) --run notebooks/quickstart.txt

# The release binary first: the JSON Lines lesson test replays the lessons with it. Lessons 05 and 08
# load the zoo's imdb-lm: built once (about 3-5 minutes on 2 cores), then reused by recipe hash.
test: deps
	swift build -c release --product repl
	$(MAKE) --no-print-directory pretrained
	swift build --build-tests
	swift test --skip-build
	scripts/check-notebooks.sh $(REPL)

# The prompt in a pseudo-terminal alone (also part of `swift test`).
pty: deps
	swift build --product repl
	scripts/pty_test.py .build/debug/repl

notebooks: build
	scripts/check-notebooks.sh $(REPL)

bench: deps
	swift build -c release --product Benchmarks
	.build/release/Benchmarks

# Build a pretrained-model zoo entry once (default imdb-lm; `make pretrained ZOO=NAME` for another)
# into the data directory's zoo/ folder ($REPL_ZOO overrides); a build with the same recipe is kept.
pretrained: REPL_DATA ?= ../shared/data
pretrained: ZOO ?= imdb-lm
pretrained: build
	REPL_DATA="$(REPL_DATA)" $(REPL) -c 'pretrained build $(ZOO)'

# The libFuzzer targets in Fuzz/, each for FUZZ_SECONDS (default 30); FUZZ_TARGETS picks some.
fuzz: FUZZ_SECONDS ?= 30
fuzz:
	scripts/fuzz.sh $(FUZZ_SECONDS) $(FUZZ_TARGETS)

# The formatter that ships with the toolchain, with the committed .swift-format: prints nothing when
# clean (`swift format format -i -r …` fixes most of what it finds).
lint:
	swift format lint --strict --configuration .swift-format -r Sources plugins Tests Fuzz/Sources

# The kernel tests and a lesson replay under ASan+UBSan, `train threads=2` under TSan.
sanitize: deps
	scripts/sanitize.sh
