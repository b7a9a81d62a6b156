#!/usr/bin/env bash
# Builds Vigil and runs it with all roles against a real embedded PostgreSQL, an in-JVM Kafka
# broker and a local anvil chain. Ctrl-C stops everything. Data: target/local (reset each start).
# The API listens on 127.0.0.1:${VIGIL_HTTP_PORT:-8080}; health, metrics, OpenAPI and the Swagger
# UI on the management port 127.0.0.1:${VIGIL_MANAGEMENT_PORT:-9000}. Both URLs are printed.
# Needs a JDK 21+ (JAVA_HOME or java on PATH), Maven 3.8+ and Node.js; with a JDK 25+ Vigil starts
# from an ahead-of-time cache (below). VIGIL_AOT=off runs without one, VIGIL_AOT=train makes a new
# one.
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -B -q -DskipTests package dependency:build-classpath \
  -Dmdep.includeScope=test -Dmdep.outputFile=target/local-classpath.txt
java_bin="${JAVA_HOME:+$JAVA_HOME/bin/}java"

# The AOT cache (JEP 483/514/515): the classes Vigil loaded and linked, and the profiles of the
# methods it ran, in an earlier run. A cache belongs to one JDK build and one class path, so its
# name carries a checksum of the JDK's version and of the names and sizes of every jar on the class
# path (the libraries, Vigil's own classes and those Quarkus generated). The first run after a
# build that changed any of them, or with VIGIL_AOT=train, is a training run: Vigil starts as
# usual, and the JVM writes the cache when Vigil stops (Ctrl-C; writing takes up to a minute),
# learning from whatever load that run saw. Other runs start from it. A cache that does not match
# (or a missing one) never stops Vigil: the JVM then runs without it (add -Xlog:aot to see why).
jvm_options=""
java_version=$("$java_bin" -version 2>&1)
java_feature=$(sed -n '1s/^[^"]*"\([0-9]*\).*/\1/p' <<<"$java_version")
if [[ "${VIGIL_AOT:-on}" != off && "${java_feature:-0}" -ge 25 ]]; then
  key=$( { echo "$java_version"; (cd target/quarkus-app && find quarkus-run.jar lib app quarkus -type f \
    -exec wc -c {} + | grep -v ' total$' | LC_ALL=C sort -k2); } | cksum | cut -d' ' -f1)
  cache="target/aot/vigil-$key.aot"
  mkdir -p target/aot
  if [[ -s "$cache" && "${VIGIL_AOT:-on}" != train ]]; then
    jvm_options="-XX:AOTCache=$cache"
    echo "vigil-local: Vigil starts from the AOT cache $cache"
  else
    # caches of other JDKs or libraries are of no use any more
    find target/aot -name 'vigil-*.aot*' -delete
    jvm_options="-XX:AOTCacheOutput=$cache"
    echo "vigil-local: training run: the AOT cache $cache is written when Vigil stops"
  fi
fi

exec "$java_bin" -Dvigil-test.node-modules="$PWD/node_modules" \
  -Dvigil-local.jvm-options="$jvm_options" \
  -cp "target/test-classes:target/classes:$(cat target/local-classpath.txt)" \
  io.vigil.testsupport.LocalStack
