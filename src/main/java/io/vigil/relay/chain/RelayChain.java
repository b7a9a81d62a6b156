package io.vigil.relay.chain;

import io.vigil.core.concurrent.Coalescer.Result;
import java.math.BigInteger;
import java.util.List;
import java.util.Optional;

/**
 * What the relay needs from the chain. Methods throw a retryable {@link
 * io.vigil.core.chain.ChainException} when no endpoint answers; every expected refusal comes back
 * as a typed result.
 */
public interface RelayChain {

  /** Chain id reported by the node. */
  long chainId();

  /** Current head block number. */
  long blockNumber();

  /** Hash of the canonical block at this height, if there is one. */
  Optional<String> blockHash(long number);

  /** Transaction count of an address at {@code "latest"} or {@code "pending"}. */
  long nonce(String address, String block);

  /** Balance in wei at the latest block. */
  BigInteger balance(String address);

  /** Base fee the next block will charge and the node's suggested tip. */
  FeeMarket feeMarket();

  /** Runs the call at {@code block} ("pending", "latest" or a 0x number) without sending it. */
  Simulation simulate(CallSpec call, String block);

  /** Estimates gas; a call that would revert answers {@link Simulation.Reverted}. */
  Simulation estimateGas(CallSpec call);

  /**
   * For each call, in the same order: its sender's mined and pending nonces and a simulation of the
   * call at the pending block. All in one round trip; a call whose nonces the node would not give
   * gets that error as its result.
   */
  List<Result<Preflight>> preflight(List<CallSpec> calls);

  /** What {@link #preflight} learned. */
  record Preflight(long minedNonce, long pendingNonce, Simulation simulation) {}

  /**
   * Everything the carrier checks before signing Vigil's own requests, in one round trip: the fee
   * market, the mined ({@code "latest"}) nonce of each call's sender (asked once per sender), and
   * for each call a simulation at the pending block and a gas estimate (at the node's default
   * block, as {@link #estimateGas} asks). A reverted simulation or estimate is that call's typed
   * result; a call whose nonce, simulation or estimate the node did not answer gets that error as
   * its result. Throws the retryable {@link io.vigil.core.chain.ChainException} when the batch as a
   * whole gets no answer.
   */
  SendChecks sendChecks(List<CallSpec> calls);

  /** What {@link #sendChecks} learned: the fee market, then one result per call, in order. */
  record SendChecks(FeeMarket market, List<Result<CallCheck>> calls) {}

  /** One call's checks: its sender's mined nonce, its simulation at pending, its gas estimate. */
  record CallCheck(long minedNonce, Simulation simulation, Simulation estimate) {}

  /** Broadcasts a signed transaction. */
  SendResult send(String rawTransaction);

  /** Broadcasts signed transactions in one round trip; results in the same order. */
  List<Result<SendResult>> send(List<String> rawTransactions);

  /** Receipts of these transactions, in the same order (empty when not included). */
  List<Optional<Receipt>> receipts(List<String> txHashes);

  /** For each hash, whether the node knows the transaction (pending in its pool or mined). */
  List<Boolean> known(List<String> txHashes);

  /** In one round trip: the receipts of these transactions, then the head block number. */
  Observation observe(List<String> txHashes);

  /** What {@link #observe} saw: receipts in the order of the hashes, and the head. */
  record Observation(List<Optional<Receipt>> receipts, long head) {}

  /** Base fee of the next block and the suggested priority fee, in wei per gas. */
  record FeeMarket(BigInteger nextBaseFee, BigInteger suggestedTip) {}

  /** A call to simulate: all fields hex or null. */
  record CallSpec(
      String from,
      String to,
      String data,
      BigInteger value,
      Long gas,
      BigInteger maxFeePerGas,
      BigInteger maxPriorityFeePerGas) {

    public static CallSpec of(String from, String to, String data, BigInteger value) {
      return new CallSpec(from, to, data, value, null, null, null);
    }
  }

  /** Outcome of a simulation. */
  sealed interface Simulation {
    /** The call succeeds; {@code gas} is the estimate, or 0 when only called. */
    record Success(long gas) implements Simulation {}

    /** The call reverts, with the decoded reason. */
    record Reverted(String reason) implements Simulation {}
  }

  /** What the node said to a broadcast. */
  sealed interface SendResult {
    /** In the pool (or it was already there). */
    record Accepted(String txHash) implements SendResult {}

    /** The nonce is already used on chain. */
    record NonceTooLow(String message) implements SendResult {}

    /** A transaction with the same nonce is pending and this one does not outbid it enough. */
    record Underpriced(String message) implements SendResult {}

    /** Any other refusal (insufficient funds, fee cap below base fee on strict nodes, ...). */
    record Refused(String message) implements SendResult {}
  }

  /** A mined transaction's receipt. */
  record Receipt(
      String txHash,
      long blockNumber,
      String blockHash,
      boolean success,
      BigInteger gasUsed,
      BigInteger effectiveGasPrice) {}
}
