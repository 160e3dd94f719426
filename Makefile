# medkg: `make demo` sets everything up and runs the main job; `make test` sets everything up and runs the tests.
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
MEDKG  := $(VENV)/bin/medkg
NEO4J_LAUNCHER := .ci/neo4j/target/classes/medkg/Launcher.class
FUSEKI_VERSION := 5.6.0
FUSEKI_JAR := .ci/fuseki/jena-fuseki-server-$(FUSEKI_VERSION).jar
JENA_CMDS := .ci/jena/target/lib/.copied

.PHONY: setup demo test test-fast bench bench-full neo4j-launcher neo4j browser clean

setup: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e ".[test]"
	touch $@

# Builds the graph from the bundled registry into a demo home and asks it a few questions.
demo: setup
	MEDKG_HOME=.medkg-demo $(MEDKG) build
	MEDKG_HOME=.medkg-demo $(MEDKG) stats
	MEDKG_HOME=.medkg-demo $(MEDKG) who-built 華佗GPT
	MEDKG_HOME=.medkg-demo $(MEDKG) built-by 瑞金医院
	MEDKG_HOME=.medkg-demo $(MEDKG) built-on qwen
	MEDKG_HOME=.medkg-demo $(MEDKG) coverage

# Benchmarks (synthetic registries): quick mode a few minutes, full mode to 1M models.
bench: setup $(VENV)/.bench-installed neo4j-launcher
	$(PY) -m bench.run

bench-full: setup $(VENV)/.bench-installed neo4j-launcher
	$(PY) -m bench.run --full

# The benchmark's baselines (pyproject's bench extra: DuckDB, the oxigraph server binary).
$(VENV)/.bench-installed: pyproject.toml $(VENV)/.installed
	$(PY) -m pip install --quiet -e ".[test,bench]"
	touch $@

neo4j-launcher: $(NEO4J_LAUNCHER)

$(NEO4J_LAUNCHER): .ci/neo4j/pom.xml .ci/neo4j/src/main/java/medkg/Launcher.java
	mvn -q -B -f .ci/neo4j/pom.xml package -DskipTests
	touch $@

# A local Neo4j 5 server on bolt://127.0.0.1:7687 (needs NEO4J_PASSWORD, 8+ characters).
neo4j: neo4j-launcher
	.ci/neo4j/start .medkg-neo4j 7687

# Apache Jena Fuseki, a second real SPARQL server for `medkg push sparql` tests (from Maven Central, cached in ~/.m2).
$(FUSEKI_JAR):
	mvn -q -B org.apache.maven.plugins:maven-dependency-plugin:3.8.1:copy \
	  -Dartifact=org.apache.jena:jena-fuseki-server:$(FUSEKI_VERSION) -DoutputDirectory=.ci/fuseki

# Apache Jena's command-line tools (rsparql, riot, qparse) for the interoperability tests: jena-cmds and its
# dependencies from Maven Central (cached in ~/.m2), copied into .ci/jena/target/lib; run with `java -cp 'lib/*'`.
$(JENA_CMDS): .ci/jena/pom.xml
	mvn -q -B -f .ci/jena/pom.xml package
	touch $@

# The tests start their own Neo4j, Oxigraph and Fuseki servers on loopback (or use NEO4J_URI if set); none is skipped.
test: setup neo4j-launcher $(FUSEKI_JAR) $(JENA_CMDS) browser
	$(PY) -m pytest

# The fast tier for contributors: no Java, Neo4j, Fuseki or Chromium (CI runs `make test`).
test-fast: setup
	$(PY) -m pytest -m "not servers"

# Debian's Chromium for the explorer's browser test (Playwright drives it; no browser download).
browser:
	@command -v chromium >/dev/null || (apt-get update -qq && apt-get install -y -qq chromium >/dev/null)

clean:
	rm -rf $(VENV) .medkg-demo .medkg-neo4j .ci/neo4j/target .ci/fuseki .ci/jena/target
