package io.vigil.client.relay;

import io.vigil.client.chain.ChainReader;
import io.vigil.client.chain.Receipt;
import io.vigil.client.hub.Fees;
import io.vigil.client.hub.HubCall;
import io.vigil.client.hub.HubTransactions;
import io.vigil.client.hub.SignedTransaction;
import io.vigil.client.sign.Signer;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * Sends the caller's own hub transactions through relays: takes the next nonce and a fee suggestion
 * from the chain, signs through the {@link Signer}, submits to every relay and, when asked, follows
 * the request to a final status and reads the receipt.
 */
public final class HubSender {

  /** A transaction handed to the relays, and how following it ended (absent without a wait). */
  public record Sent(
      SignedTransaction transaction,
      Submission submission,
      Optional<RelayOutcome> outcome,
      Optional<Receipt> receipt) {}

  private final ChainReader chain;
  private final HubTransactions hub;
  private final RelayClient relays;

  public HubSender(ChainReader chain, HubTransactions hub, RelayClient relays) {
    this.chain = Objects.requireNonNull(chain, "chain");
    this.hub = Objects.requireNonNull(hub, "hub");
    this.relays = Objects.requireNonNull(relays, "relays");
  }

  public HubTransactions hub() {
    return hub;
  }

  /** Signs {@code call} at the signer's pending nonce with suggested fees and submits it. */
  public Sent send(HubCall call, Signer signer) {
    return send(call, signer, null);
  }

  /**
   * Like {@link #send(HubCall, Signer)}, then follows it until final or {@code wait} passes ({@code
   * null}: do not wait). The receipt is read from the chain once the relay reports the transaction
   * final and mined.
   */
  public Sent send(HubCall call, Signer signer, Duration wait) {
    long nonce = chain.pendingNonce(signer.address());
    Fees fees = chain.suggestFees();
    SignedTransaction signed = hub.sign(call, nonce, fees, signer);
    Submission submission = relays.submit(signed);
    if (wait == null) {
      return new Sent(signed, submission, Optional.empty(), Optional.empty());
    }
    RelayOutcome outcome = relays.awaitFinal(submission.requestId(), wait);
    Optional<Receipt> receipt = Optional.empty();
    if (outcome.last() != null && outcome.last().blockNumber() != null) {
      String hash = outcome.last().txHash() == null ? signed.txHash() : outcome.last().txHash();
      receipt = chain.receipt(hash);
    }
    return new Sent(signed, submission, Optional.of(outcome), receipt);
  }
}
