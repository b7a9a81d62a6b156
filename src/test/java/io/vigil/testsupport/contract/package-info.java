/**
 * Generated web3j 5.0.2 wrappers of the test-only contracts in {@code src/test/solidity}.
 * Regenerate with {@code deploy/contracts/compile.sh} (see {@code io.vigil.core.contract}).
 */
package io.vigil.testsupport.contract;
