# The two commands a newcomer needs (see README.md):
#   make run    build iacc and check the bundled example
#   make test   build and run every test
# System libraries come from Debian/Ubuntu packages; `deps` installs them when missing.

SWIFT ?= swift
EXAMPLE ?= examples/research-lab
APT_PACKAGES = libyaml-dev libjansson-dev pkg-config

.PHONY: run test deps build bench schema lint format validators

deps:
	@./scripts/install-deps.sh $(APT_PACKAGES)

build: deps
	$(SWIFT) build --product iacc

run: build
	.build/debug/iacc check $(EXAMPLE)
	.build/debug/iacc build $(EXAMPLE) --out out

test: deps lint validators
	$(SWIFT) build --build-tests
	$(SWIFT) test --skip-build

# The third-party validators the tests run on generated files (a pinned virtualenv, made once).
validators:
	@./scripts/setup-validators.sh

# One formatter config (.swift-format: 2 spaces, 120 columns); `make format` applies it.
LINTED = Package.swift Sources Tests Benchmarks examples/swift-package examples/swift-dsl
lint:
	$(SWIFT) format lint --strict --recursive $(LINTED)

format:
	$(SWIFT) format --in-place --recursive $(LINTED)

# Release-mode benchmarks (not part of the tests): see Benchmarks/README.md.
bench: deps
	./Benchmarks/run.sh

# Regenerate spec/resources.md from the schemas.
schema: build
	.build/debug/iacc schema --markdown > spec/resources.md
