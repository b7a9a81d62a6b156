package io.vigil.core.contract;

import static io.vigil.testsupport.HubFixture.toContract;

import io.vigil.core.channel.ChannelState;
import io.vigil.core.channel.SignedState;
import io.vigil.core.crypto.Eip712;
import io.vigil.core.crypto.PrivateKey;
import io.vigil.testsupport.contract.ChannelHub;
import org.web3j.protocol.core.RemoteFunctionCall;
import org.web3j.protocol.core.methods.response.TransactionReceipt;

/** Hub calls the contract tests make with a state and its signatures, built in one place. */
final class HubCalls {

  private HubCalls() {}

  /**
   * {@code dispute} with {@code signed} and the hunter's {@code authorization}, through {@code
   * hub}.
   */
  static RemoteFunctionCall<TransactionReceipt> dispute(
      ChannelHub hub, SignedState signed, byte[] authorization) {
    return hub.dispute(
        toContract(signed.state()),
        signed.signatureA().toBytes(),
        signed.signatureB().toBytes(),
        authorization);
  }

  /** {@code cooperativeClose} of {@code last}, signed as final by {@code a} and {@code b}. */
  static RemoteFunctionCall<TransactionReceipt> cooperativeClose(
      ChannelHub hub, Eip712 eip712, ChannelState last, PrivateKey a, PrivateKey b) {
    return hub.cooperativeClose(
        toContract(last),
        eip712.signFinalState(last, a).toBytes(),
        eip712.signFinalState(last, b).toBytes());
  }
}
