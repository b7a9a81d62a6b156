#!/usr/bin/env bash
# Builds Vigil and runs it with all roles against a real embedded PostgreSQL, an in-JVM Kafka
# broker and a local anvil chain. Ctrl-C stops everything. Data: target/local (reset each start).
# The API listens on 127.0.0.1:${VIGIL_HTTP_PORT:-8080}; health, metrics, OpenAPI and the Swagger
# UI on the management port 127.0.0.1:${VIGIL_MANAGEMENT_PORT:-9000}. Both URLs are printed.
# Needs a JDK 21+ (JAVA_HOME or java on PATH), Maven 3.8+ and Node.js.
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -B -q -DskipTests package dependency:build-classpath \
  -Dmdep.includeScope=test -Dmdep.outputFile=target/local-classpath.txt
java_bin="${JAVA_HOME:+$JAVA_HOME/bin/}java"
exec "$java_bin" -Dvigil-test.node-modules="$PWD/node_modules" \
  -cp "target/test-classes:target/classes:$(cat target/local-classpath.txt)" \
  io.vigil.testsupport.LocalStack
