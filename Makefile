# Crowsnest — the front door. Each target is a thin wrapper over the Maven Wrapper or buf.
#   make run    build if needed, then start the whole suite locally (Ctrl-C stops everything)
#   make test   proto lint + every unit, service and end-to-end test
SHELL := /bin/bash
MVNW  := ./mvnw -B
BUF   := npx --yes @bufbuild/buf@1.75.0
LAUNCHER := integration-tests/local-stack/target/crowsnest-local-stack-0.1.0-SNAPSHOT.jar
BENCH_JAR := integration-tests/benchmarks/target/crowsnest-benchmarks-0.1.0-SNAPSHOT.jar
BUILD_STAMP := .crowsnest/build.stamp
SOURCES := $(shell find pom.xml proto services integration-tests/local-stack integration-tests/benchmarks \
             -path '*/target' -prune -o -type f \( -name '*.java' -o -name '*.proto' -o -name 'pom.xml' \
             -o -name '*.properties' -o -name '*.html' -o -name '*.http' -o -name '*.json' \) -print 2>/dev/null)

.PHONY: run test build lint bench images k8s clean help token

help:
	@echo "make run    - start the local stack (console on http://localhost:8080/console; DEMO=0: no demo data)"
	@echo "make test   - buf lint + all tests (unit, service, end-to-end)"
	@echo "make build  - compile and package every service, skipping tests"
	@echo "make lint   - buf lint of the contracts in proto/"
	@echo "make bench  - benchmarks (BENCH=governance|ingestion|scoring|decisioning|agent|console|alerts|campaigns|goals, default all); figures to docs/benchmarks.md (BENCH_ARGS=--seconds=N)"
	@echo "make images - OCI images of every service with Jib, no Docker (BASE_IMAGE=..., REGISTRY=... to push)"
	@echo "make k8s    - render the Helm chart helm/crowsnest into the plain manifests in k8s/"
	@echo "make clean  - remove build output and local stack data (.crowsnest/)"
	@echo "make token SERVICE=identity - a token for calling a service of make run directly (10 minutes)"

# DEMO=0 starts without the demo data set (integration-tests/local-stack/src/main/resources/demo).
run: $(BUILD_STAMP)
	java -jar $(LAUNCHER) . $(if $(filter 0,$(DEMO)),--no-demo)

# Services take gRPC calls only with a signed service token (docs/security.md): this prints one of
# the local stack's operator, allowed every RPC, for buf curl -H "Authorization: Bearer ...".
token:
	@java -cp $(LAUNCHER) io.crowsnest.localstack.ServiceTokenSigner token $(SERVICE)

$(BUILD_STAMP): $(SOURCES)
	$(MVNW) -DskipTests install -pl '!integration-tests/e2e'
	@mkdir -p $(dir $@) && touch $@

build:
	$(MVNW) -DskipTests install
	@mkdir -p $(dir $(BUILD_STAMP)) && touch $(BUILD_STAMP)

# Offline base image (Debian + OpenJDK 17 via debootstrap, root needed) unless BASE_IMAGE names one,
# e.g. BASE_IMAGE=eclipse-temurin:17-jre. Without REGISTRY the images are written as docker-save
# tars to integration-tests/images/target/images/; with REGISTRY=registry.example.com/platform they
# are pushed there.
OFFLINE_BASE := .crowsnest/jre-base.tar
BASE_IMAGE ?= tar://$(CURDIR)/$(OFFLINE_BASE)
images: $(BUILD_STAMP) $(if $(findstring tar://$(CURDIR)/$(OFFLINE_BASE),$(BASE_IMAGE)),$(OFFLINE_BASE))
	java -jar integration-tests/images/target/crowsnest-images-0.1.0-SNAPSHOT.jar . --base=$(BASE_IMAGE) \
	  $(if $(REGISTRY),--registry=$(REGISTRY)) $(IMAGE_ARGS)

$(OFFLINE_BASE):
	bash integration-tests/images/base-image.sh $@

# The harness JVM hosts the in-memory MongoDB stand-in: G1 with a short pause goal and room to grow,
# so that its collections do not stall every service's writes at once (docs/benchmarks.md).
BENCH_JVM ?= -Xms2g -Xmx10g -XX:+UseG1GC -XX:MaxGCPauseMillis=20
bench: $(BUILD_STAMP)
	java $(BENCH_JVM) -jar $(BENCH_JAR) . $(BENCH) $(BENCH_ARGS)

lint:
	cd proto && $(BUF) lint

# Renders helm/crowsnest (values.yaml + values-k8s.yaml) into k8s/crowsnest.yaml with the embedded
# Helm of the deploy tests; without -Dcrowsnest.k8s.write=true the same test fails when k8s/ is stale.
k8s:
	$(MVNW) test -pl integration-tests/deploy -Dtest=K8sManifestsTest -Dcrowsnest.k8s.write=true

# The build's log is kept in .crowsnest/test-build.log; a [WARNING] of the build itself fails the run
# (integration-tests/build-check/no-warnings.sh), and so does a service package without a
# package-info.java (integration-tests/build-check/package-info.sh) or a room that uses another's types
# against its role (integration-tests/build-check/layers.sh). When a test fails, the end of the
# output repeats each failure's exception chain (integration-tests/build-check/failures.sh).
test: lint
	bash integration-tests/build-check/package-info.sh
	bash integration-tests/build-check/layers.sh
	@mkdir -p .crowsnest
	set -o pipefail; $(MVNW) install 2>&1 | tee .crowsnest/test-build.log \
	  || { bash integration-tests/build-check/failures.sh .crowsnest/test-build.log; exit 1; }
	@mkdir -p $(dir $(BUILD_STAMP)) && touch $(BUILD_STAMP)
	bash integration-tests/build-check/no-warnings.sh .crowsnest/test-build.log

clean:
	$(MVNW) -q clean
	rm -rf .crowsnest
