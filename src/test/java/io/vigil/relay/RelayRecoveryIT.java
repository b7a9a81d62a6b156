package io.vigil.relay;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.vigil.core.messaging.TransactionOutcome;
import io.vigil.core.messaging.TransactionOutcome.Status;
import io.vigil.core.messaging.TransactionRequest;
import io.vigil.relay.persistence.RelayAttempt;
import io.vigil.relay.persistence.RelayTransaction;
import io.vigil.testsupport.Anvil;
import io.vigil.testsupport.Await;
import java.math.BigInteger;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Fee bumping before a deadline, the fee ceiling, dropped and reorged-out transactions. */
@QuarkusTest
@TestProfile(RelayTestProfile.class)
class RelayRecoveryIT extends SharedRelayTest {

  static final String KEY_A = Anvil.DEV_KEYS.get(5);
  static final String KEY_B = Anvil.DEV_KEYS.get(6);

  @AfterEach
  void automineBackOn() {
    chain.anvil().setAutomine(true);
  }

  RelayTestChain.StaleClose staleClose() {
    return chain.staleClose(KEY_A, KEY_B, hub, RelayTestChain.ETHER);
  }

  TransactionRequest dispute(String id, RelayTestChain.StaleClose close, BigInteger stake) {
    return close.dispute(id, HOT, stake);
  }

  /** Mines a block, waits for INCLUDED, mines another and waits for CONFIRMED. */
  TransactionOutcome mineUntilConfirmed(String id) {
    chain.call("evm_mine", "[]");
    awaitStatus(id, Status.INCLUDED);
    chain.call("evm_mine", "[]");
    return awaitStatus(id, Status.CONFIRMED);
  }

  /** No attempt of {@code id} could cost more than {@code stake} at its gas limit. */
  void assertPricedWithin(String id, long gasLimit, BigInteger stake) {
    assertThat(attempts(id))
        .allSatisfy(
            a ->
                assertThat(a.maxFee.multiply(BigInteger.valueOf(gasLimit)))
                    .isLessThanOrEqualTo(stake));
  }

  TransactionOutcome awaitStatus(String id, Status status) {
    return Await.value(
        id + " to reach " + status, Duration.ofSeconds(60), () -> kafka.last(id, status));
  }

  static RelayTransaction stored(String id) {
    return QuarkusTransaction.requiringNew().call(() -> RelayTransaction.findById(id));
  }

  /**
   * Turns automine off and publishes the dispute {@code id} of {@code close} worth {@code stake};
   * returns its outcome once it waits in the pool.
   */
  TransactionOutcome disputeHeldInPool(
      String id, RelayTestChain.StaleClose close, BigInteger stake) {
    chain.anvil().setAutomine(false);
    kafka.publish(dispute(id, close, stake));
    return awaitStatus(id, Status.IN_POOL);
  }

  static List<RelayAttempt> attempts(String id) {
    return QuarkusTransaction.requiringNew().call(() -> RelayAttempt.ofRequest(id));
  }

  void setNextBaseFee(BigInteger wei) {
    chain.setNextBaseFee(wei);
  }

  @Test
  void shouldReplaceAnUnderpricedDisputeAndLandItBeforeTheDeadline() {
    RelayTestChain.StaleClose close = staleClose();
    String id = "test:bump:" + UUID.randomUUID();
    long nonceBefore = chain.nonce(HOT);

    TransactionOutcome first = disputeHeldInPool(id, close, RelayTestChain.ETHER);
    setNextBaseFee(GWEI.multiply(BigInteger.valueOf(100)));
    TransactionOutcome replaced = awaitStatus(id, Status.REPLACED);
    TransactionOutcome confirmed = mineUntilConfirmed(id);

    assertThat(replaced.txHash()).isNotEqualTo(first.txHash());
    assertThat(confirmed.txHash()).isEqualTo(replaced.txHash());
    assertThat(replaced.reason()).contains("fee bump");
    List<RelayAttempt> attempts = attempts(id);
    assertThat(attempts).hasSizeGreaterThanOrEqualTo(2);
    RelayAttempt low = attempts.get(0);
    RelayAttempt high = attempts.get(attempts.size() - 1);
    assertThat(high.maxFee)
        .isGreaterThanOrEqualTo(
            low.maxFee.multiply(BigInteger.valueOf(110)).divide(BigInteger.valueOf(100)));
    assertThat(high.priorityFee)
        .isGreaterThanOrEqualTo(
            low.priorityFee.multiply(BigInteger.valueOf(110)).divide(BigInteger.valueOf(100)));
    assertThat(attempts).allSatisfy(a -> assertThat(a.nonce).isEqualTo(nonceBefore));
    JsonNode receipt = chain.receipt(confirmed.txHash());
    assertThat(receipt.get("status").asText()).isEqualTo("0x1");
    JsonNode block =
        chain.call(
            "eth_getBlockByNumber", "[\"" + receipt.get("blockNumber").asText() + "\",false]");
    assertThat(Long.decode(block.get("timestamp").asText())).isLessThan(close.deadline());
    assertThat(chain.nonce(HOT)).isEqualTo(nonceBefore + 1);
  }

  @Test
  void shouldNeverPriceAboveTheValueAtStake() {
    String id = "test:ceiling:" + UUID.randomUUID();
    BigInteger stake = GWEI.multiply(BigInteger.valueOf(10_000_000)); // 0.01 ether

    disputeHeldInPool(id, staleClose(), stake);
    setNextBaseFee(GWEI.multiply(BigInteger.valueOf(10_000)));
    Await.until(
        "the fee to reach its ceiling",
        Duration.ofSeconds(60),
        () -> {
          RelayTransaction tx = stored(id);
          return tx.reason != null && tx.reason.contains("ceiling");
        });

    RelayTransaction tx = stored(id);
    assertThat(attempts(id)).hasSizeGreaterThanOrEqualTo(2);
    assertPricedWithin(id, tx.gasLimit, stake);
    assertThat(tx.blockNumber).isNull();

    // Once the base fee falls back under the ceiling the dispute lands.
    setNextBaseFee(GWEI);
    mineUntilConfirmed(id);
    assertPricedWithin(id, tx.gasLimit, stake);
  }

  @Test
  void shouldResendATransactionDroppedFromThePool() {
    String id = "test:dropped:" + UUID.randomUUID();
    long nonceBefore = chain.nonce(HOT);

    TransactionOutcome inPool = disputeHeldInPool(id, staleClose(), RelayTestChain.ETHER);
    chain.call("anvil_dropTransaction", "[\"" + inPool.txHash() + "\"]");
    assertThat(chain.transaction(inPool.txHash())).isNull();
    awaitStatus(id, Status.DROPPED);
    TransactionOutcome resent = awaitStatus(id, Status.RESENT);
    assertThat(chain.transaction(inPool.txHash())).isNotNull();
    chain.call("evm_mine", "[]");
    chain.call("evm_mine", "[]");
    TransactionOutcome confirmed = awaitStatus(id, Status.CONFIRMED);

    assertThat(resent.txHash()).isEqualTo(inPool.txHash());
    assertThat(confirmed.txHash()).isEqualTo(inPool.txHash());
    assertThat(chain.nonce(HOT)).isEqualTo(nonceBefore + 1);
  }

  @Test
  void shouldReincludeATransactionReorgedOut() {
    RelayTestChain.StaleClose close = staleClose();
    String id = "test:reorg:" + UUID.randomUUID();
    long nonceBefore = chain.nonce(HOT);

    kafka.publish(dispute(id, close, RelayTestChain.ETHER));
    awaitStatus(id, Status.INCLUDED);
    String firstBlock =
        Await.value(
            "the inclusion to be stored", Duration.ofSeconds(10), () -> stored(id).blockHash);
    String txHash = stored(id).txHash;
    chain.call("anvil_reorg", "[1,[]]");
    assertThat(chain.receipt(txHash)).isNull();

    TransactionOutcome resent = awaitStatus(id, Status.RESENT);
    Await.until(
        "re-inclusion in another block",
        Duration.ofSeconds(30),
        () -> {
          RelayTransaction tx = stored(id);
          return tx.blockHash != null && !tx.blockHash.equals(firstBlock);
        });
    chain.anvil().mine(1);
    TransactionOutcome confirmed = awaitStatus(id, Status.CONFIRMED);

    assertThat(resent.reason()).contains("reorg");
    assertThat(confirmed.txHash()).isEqualTo(txHash);
    assertThat(chain.receipt(txHash).get("blockHash").asText()).isNotEqualTo(firstBlock);
    assertThat(chain.nonce(HOT)).isEqualTo(nonceBefore + 1);
  }
}
