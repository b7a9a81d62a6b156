#!/usr/bin/env bash
# Compiles the Solidity sources offline with the pinned solc-js and regenerates the web3j 5.0.2
# wrappers, which only tests use (production code encodes hub calls with core.chain.HubFunctions).
# Writes:
#   src/main/resources/contracts/<Name>.abi|.bin   (ChannelHub)
#   src/test/resources/contracts/<Name>.abi|.bin   (test-only contracts from src/test/solidity)
#   src/test/java/io/vigil/testsupport/contract/<Name>.java   (wrappers of both)
# Commit all of them; ContractArtifactsDriftIT fails when they no longer match the sources.
# Needs Node.js, a JDK 21+ and Maven; run `npm ci` (or any Maven build) once first.
set -euo pipefail
cd "$(dirname "$0")/../.."

node src/main/solidity/compile.js

classpath_file=target/codegen-classpath.txt
mkdir -p target
mvn -B -q dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile="$classpath_file" >/dev/null
java_bin="${JAVA_HOME:+$JAVA_HOME/bin/}java"

generate() { # <abi/bin dir> <java source root> <package>
  for abi in "$1"/*.abi; do
    name="$(basename "$abi" .abi)"
    "$java_bin" -cp "$(cat "$classpath_file")" org.web3j.codegen.SolidityFunctionWrapperGenerator \
      -a "$abi" -b "$1/$name.bin" -o "$2" -p "$3" -c "$name" >/dev/null
    echo "wrapper: $3.$name"
  done
}
generate src/main/resources/contracts src/test/java io.vigil.testsupport.contract
generate src/test/resources/contracts src/test/java io.vigil.testsupport.contract
