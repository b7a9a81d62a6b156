package io.vigil.relay;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;
import io.vigil.core.messaging.TransactionOutcome;
import io.vigil.core.messaging.TransactionOutcome.Status;
import io.vigil.core.messaging.TransactionRequest;
import io.vigil.relay.persistence.RelayAttempt;
import io.vigil.relay.persistence.RelayTransaction;
import io.vigil.testsupport.Anvil;
import io.vigil.testsupport.Await;
import io.vigil.testsupport.StoredRows;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.math.BigInteger;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.web3j.utils.Numeric;

/**
 * Nothing a client does can stop Vigil's disputes, on real PostgreSQL, Kafka and anvil: a dispute
 * that can no longer be mined is cancelled at its nonce so the next one lands, and a flood of state
 * posts spends no more than the post budget and nothing of the dispute keys.
 */
@QuarkusTest
@TestProfile(PostBudgetProfile.class)
class DisputeSafetyIT extends SharedRelayTest {

  static final String KEY_A = Anvil.DEV_KEYS.get(1);
  static final String KEY_B = Anvil.DEV_KEYS.get(2);
  static final List<String> DISPUTE_KEYS =
      List.of(RelayTestChain.address(Anvil.DEV_KEYS.get(8)), HOT);

  @Inject EntityManager entityManager;

  @AfterEach
  void calmChain() {
    chain.setNextBaseFee(GWEI);
    chain.anvil().setAutomine(true);
  }

  TransactionOutcome awaitStatus(String id, Status status, Runnable meanwhile) {
    return Await.value(
        id + " to reach " + status,
        Duration.ofSeconds(90),
        () -> {
          TransactionOutcome seen = kafka.last(id, status);
          if (seen == null) {
            meanwhile.run();
          }
          return seen;
        });
  }

  TransactionRequest dispute(String id, RelayTestChain.StaleClose close, BigInteger stake) {
    return close.dispute(id, HOT, stake);
  }

  @Test
  void shouldCancelADisputeStuckUnderTheBaseFeeAndLandTheNextDisputeOfItsKey() {
    RelayTestChain.StaleClose close = chain.staleClose(KEY_A, KEY_B, hub, RelayTestChain.ETHER);
    chain.anvil().setAutomine(false);
    chain.setNextBaseFee(GWEI);
    // 0.0006 ether over about 100,000 gas: a ceiling near 6 gwei per gas, enough at a 1 gwei base
    // fee and far from enough at 200 gwei.
    BigInteger smallStake = GWEI.multiply(BigInteger.valueOf(600_000));
    String stuck = "test:stuck:" + UUID.randomUUID();
    long nonce = chain.pendingNonce(HOT);

    kafka.publish(dispute(stuck, close, smallStake));
    TransactionOutcome inPool = awaitStatus(stuck, Status.IN_POOL, () -> {});
    BigInteger high = GWEI.multiply(BigInteger.valueOf(200));
    long stuckFrom = chain.blockNumber();
    // One block at the high base fee every 300 ms at most (three carrier passes), so the carrier
    // sees the blocks go by one at a time rather than several in one pass.
    AtomicLong lastMined = new AtomicLong(System.nanoTime() - 1_000_000_000L);
    Runnable highFeeBlock =
        () -> {
          long now = System.nanoTime();
          long last = lastMined.get();
          if (now - last >= 300_000_000L && lastMined.compareAndSet(last, now)) {
            chain.setNextBaseFee(high);
            chain.call("evm_mine", "[]");
          }
        };
    TransactionOutcome cancelled = awaitStatus(stuck, Status.CANCELLED, highFeeBlock);

    RelayTransaction row = stored(stuck);
    assertThat(row.nonce).isEqualTo(nonce);
    assertThat(chain.receipt(inPool.txHash())).isNull();
    JsonNode cancellation = chain.transaction(cancelled.txHash());
    assertThat(cancellation.get("from").asText()).isEqualToIgnoringCase(HOT);
    assertThat(cancellation.get("to").asText()).isEqualToIgnoringCase(HOT);
    assertThat(Numeric.toBigInt(cancellation.get("value").asText())).isZero();
    assertThat(Numeric.toBigInt(cancellation.get("nonce").asText()).longValueExact())
        .isEqualTo(nonce);
    long minedAt = Numeric.toBigInt(cancellation.get("blockNumber").asText()).longValueExact();
    // Cancelled once the carrier saw it under the base fee for STUCK_BLOCKS blocks, and mined soon
    // after (a loaded machine may let a block or two more go by between passes).
    assertThat(minedAt - stuckFrom).isLessThanOrEqualTo(PostBudgetProfile.STUCK_BLOCKS + 5);
    assertThat(attempts(stuck)).filteredOn(a -> a.cancels).hasSize(1);
    assertThat(cancelled.reason()).contains("cancellation");
    assertThat(kafka.outcomes(stuck))
        .anySatisfy(
            o -> {
              assertThat(o.status()).isEqualTo(Status.REPLACED);
              assertThat(o.reason()).contains("below the base fee for 3 blocks");
            });

    String next = "test:after-stuck:" + UUID.randomUUID();
    kafka.publish(dispute(next, close, RelayTestChain.ETHER));
    TransactionOutcome landed = awaitStatus(next, Status.CONFIRMED, highFeeBlock);

    JsonNode receipt = chain.receipt(landed.txHash());
    assertThat(receipt.get("status").asText()).isEqualTo("0x1");
    assertThat(stored(next).nonce).isEqualTo(nonce + 1);
    JsonNode block =
        chain.call(
            "eth_getBlockByNumber", "[\"" + receipt.get("blockNumber").asText() + "\",false]");
    assertThat(Long.decode(block.get("timestamp").asText())).isLessThanOrEqualTo(close.deadline());
  }

  @Test
  void shouldSpendNoMoreThanThePostBudgetOnTwoHundredZeroValueCheckpoints() {
    Await.until(
        "earlier tests' transactions of the dispute keys to be final",
        Duration.ofSeconds(120),
        () -> openOwn(DISPUTE_KEYS) == 0);
    String poster = RelayTestChain.address(RelayTestProfile.POST_KEY);
    String b = RelayTestChain.address(KEY_B);
    List<byte[]> channels = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      channels.add(chain.openChannel(KEY_A, hub, b, BigInteger.ZERO, 3600));
    }
    BigInteger reservedBefore = reservedInTheLastHour();
    BigInteger posterBefore = chain.balance(poster);
    List<BigInteger> disputeKeysBefore = DISPUTE_KEYS.stream().map(chain::balance).toList();

    List<String> accepted = new ArrayList<>();
    int refused = 0;
    for (int nonce = 1; nonce <= 10; nonce++) {
      for (byte[] channel : channels) {
        Response answer = postCheckpoint(channel, nonce);
        if (answer.statusCode() == 202) {
          accepted.add(answer.path("requestId"));
        } else {
          assertThat(answer.statusCode()).isEqualTo(429);
          assertThat(answer.header("Retry-After")).matches("[1-9][0-9]*");
          assertThat(answer.<String>path("detail")).contains("over the budget of");
          refused++;
        }
      }
    }
    assertThat(accepted.size() + refused).isEqualTo(200);
    assertThat(refused).as("the budget stopped some posts").isPositive();
    assertThat(accepted).as("the budget let some posts through").isNotEmpty();
    for (String id : accepted) {
      Await.until(
          id + " to be final",
          Duration.ofSeconds(60),
          () -> {
            if (stored(id).done) {
              return true;
            }
            chain.anvil().mine(1); // the confirmations need blocks on top
            return false;
          });
    }

    BigInteger reservedNow = reservedInTheLastHour().subtract(reservedBefore);
    assertThat(reservedInTheLastHour()).isLessThanOrEqualTo(PostBudgetProfile.BUDGET);
    BigInteger spent = posterBefore.subtract(chain.balance(poster));
    assertThat(spent).isPositive().isLessThanOrEqualTo(reservedNow);
    for (byte[] channel : channels) {
      assertThat(reservedFor(Numeric.toHexString(channel)))
          .isLessThanOrEqualTo(PostBudgetProfile.PER_CHANNEL);
    }
    assertThat(DISPUTE_KEYS.stream().map(chain::balance).toList()).isEqualTo(disputeKeysBefore);
  }

  Response postCheckpoint(byte[] channelId, int nonce) {
    String sigA = chain.signState(KEY_A, hub, channelId, nonce, BigInteger.ZERO, BigInteger.ZERO);
    String sigB = chain.signState(KEY_B, hub, channelId, nonce, BigInteger.ZERO, BigInteger.ZERO);
    return RelayApi.postState(
        RelayApi.checkpoint(
            Numeric.toHexString(channelId), nonce, BigInteger.ZERO, BigInteger.ZERO, sigA, sigB));
  }

  BigInteger reservedInTheLastHour() {
    return sum(
        "select coalesce(sum(value_at_stake), 0) from relay_tx where purpose in ('CLOSE',"
            + " 'CHECKPOINT', 'COOPERATIVE_CLOSE') and created_at > now() - interval '1 hour'",
        null);
  }

  BigInteger reservedFor(String channel) {
    return sum(
        "select coalesce(sum(value_at_stake), 0) from relay_tx where purpose = 'CHECKPOINT'"
            + " and channel_id = ?1",
        channel);
  }

  BigInteger sum(String sql, String parameter) {
    return parameter == null
        ? StoredRows.number(entityManager, sql)
        : StoredRows.number(entityManager, sql, parameter);
  }

  long openOwn(List<String> senders) {
    return StoredRows.count(
        entityManager,
        "select count(*) from relay_tx where not done and kind = 'OWN'"
            + " and nonce is not null and sender in (?1, ?2)",
        senders.get(0),
        senders.get(1));
  }

  static RelayTransaction stored(String id) {
    return QuarkusTransaction.requiringNew().call(() -> RelayTransaction.findById(id));
  }

  static List<RelayAttempt> attempts(String id) {
    return QuarkusTransaction.requiringNew().call(() -> RelayAttempt.ofRequest(id));
  }
}
