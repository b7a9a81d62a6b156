/**
 * Generated web3j 5.0.2 wrappers of the hub ({@code src/main/solidity}) and of the test-only
 * contracts ({@code src/test/solidity}), for tests; nothing else lives here and nothing here is
 * edited by hand. Production code encodes hub calls with {@code io.vigil.core.chain.HubFunctions}.
 *
 * <p>Regenerate with {@code deploy/contracts/compile.sh}: it compiles with the pinned solc-js from
 * node_modules, writes the ABI and bin to {@code src/{main,test}/resources/contracts}, then runs
 * web3j's {@code SolidityFunctionWrapperGenerator} from the test classpath with {@code -o
 * src/test/java -p io.vigil.testsupport.contract}. ContractArtifactsDriftIT fails when the
 * committed files no longer match the sources.
 */
package io.vigil.testsupport.contract;
