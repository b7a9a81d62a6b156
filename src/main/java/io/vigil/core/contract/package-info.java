/**
 * Generated web3j 5.0.2 wrappers of the Solidity contracts in {@code src/main/solidity}; nothing
 * else lives here and nothing here is edited by hand.
 *
 * <p>Regenerate (compiles with the pinned solc-js 0.8.37 from node_modules, writes the ABI and bin
 * to {@code src/main/resources/contracts}, then runs web3j's {@code
 * SolidityFunctionWrapperGenerator} from the test classpath):
 *
 * <pre>
 * deploy/contracts/compile.sh
 * </pre>
 *
 * <p>which for each contract runs {@code node src/main/solidity/compile.js} and then {@code java
 * -cp <test classpath> org.web3j.codegen.SolidityFunctionWrapperGenerator -a
 * src/main/resources/contracts/ChannelHub.abi -b src/main/resources/contracts/ChannelHub.bin -o
 * src/main/java -p io.vigil.core.contract -c ChannelHub}. ContractArtifactsDriftIT fails when the
 * committed files no longer match the sources.
 */
package io.vigil.core.contract;
