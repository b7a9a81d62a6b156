package io.vigil.relay.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.vigil.relay.RelayTestProfile;
import io.vigil.relay.TxStatus;
import io.vigil.relay.persistence.ClientRows.FirstSend;
import io.vigil.relay.persistence.ClientRows.NewClient;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.math.BigInteger;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The intake stores and records concurrent submissions together: each one must still get its own
 * answer, whatever else is in its batch.
 */
@QuarkusTest
@TestProfile(RelayTestProfile.class)
class ClientRowsBatchIT {

  @Inject ClientRows rows;
  @Inject EntityManager entityManager;

  /** A prefix of this test's request ids, so that they can be found and closed afterwards. */
  final String run = UUID.randomUUID().toString().replace("-", "").substring(0, 12);

  @AfterEach
  void closeTheRows() {
    // Final, so that the carrier does not try to send these made-up transactions.
    update(
        "update relay_tx set done = true, status = 'FAILED' where tx_hash like '0x" + run + "%'");
  }

  /** A client transaction whose hash starts with this run's prefix and ends with {@code n}. */
  NewClient client(int n) {
    String hash = "0x" + run + String.format("%052x", n);
    Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
    RelayTransaction tx = new RelayTransaction();
    tx.requestId = "raw:" + hash;
    tx.kind = RelayTransaction.CLIENT;
    tx.purpose = "CLIENT_RAW";
    tx.sender = "0x" + "11".repeat(20);
    tx.target = "0x" + "22".repeat(20);
    tx.data = "0x";
    tx.value = BigInteger.ZERO;
    tx.valueAtStake = BigInteger.ZERO;
    tx.nonce = (long) n;
    tx.gasLimit = 100_000L;
    tx.maxFee = BigInteger.TEN;
    tx.priorityFee = BigInteger.ONE;
    tx.txHash = hash;
    tx.status = TxStatus.PENDING;
    tx.createdAt = now;
    tx.updatedAt = now;
    return new NewClient(tx, "0x02" + Integer.toHexString(n));
  }

  long count(String sql) {
    return QuarkusTransaction.requiringNew()
        .call(() -> ((Number) entityManager.createNativeQuery(sql).getSingleResult()).longValue());
  }

  void update(String sql) {
    QuarkusTransaction.requiringNew()
        .run(() -> entityManager.createNativeQuery(sql).executeUpdate());
  }

  long stored(String table) {
    return count("select count(*) from " + table + " where tx_hash like '0x" + run + "%'");
  }

  @Test
  void shouldStoreEachTransactionOfABatchOnceAndReportTheRepeats() {
    NewClient first = client(1);
    NewClient second = client(2);

    assertThat(rows.insertClients(List.of(first, second, first)))
        .containsExactly(true, true, false);
    assertThat(rows.insertClients(List.of(client(3), client(2)))).containsExactly(true, false);

    assertThat(stored("relay_tx")).isEqualTo(3);
    assertThat(stored("relay_attempt")).isEqualTo(3);
  }

  @Test
  void shouldStoreTheOthersWhenOneHashIsAnAttemptOfAnotherRequest() {
    // An own request whose current transaction replaced an earlier attempt: the earlier hash is
    // only an attempt, so a client transaction with it passes relay_tx and clashes in
    // relay_attempt, which fails the whole batch.
    NewClient replaced = client(10);
    String own = "dispute:" + run;
    update(
        "insert into relay_tx (request_id, kind, purpose, sender, target, data, value, nonce,"
            + " tx_hash, status, created_at, updated_at) values ('"
            + own
            + "', 'OWN', 'DISPUTE', '0x"
            + "33".repeat(20)
            + "', '0x"
            + "22".repeat(20)
            + "', '0x', 0, 1, '"
            + client(11).tx().txHash
            + "', 'IN_POOL', now(), now())");
    update(
        "insert into relay_attempt (tx_hash, request_id, nonce, max_fee, priority_fee, raw,"
            + " created_at) values ('"
            + replaced.tx().txHash
            + "', '"
            + own
            + "', 1, 1, 1, '0x01', now())");

    assertThat(rows.insertClients(List.of(client(12), replaced, client(13))))
        .containsExactly(true, false, true);

    assertThat(count("select count(*) from relay_tx where request_id like 'raw:0x" + run + "%'"))
        .isEqualTo(2);
  }

  @Test
  void shouldRecordTheFirstBroadcastOfThePendingOnesOnly() {
    NewClient queued = client(20);
    NewClient plain = client(21);
    NewClient moved = client(22);
    rows.insertClients(List.of(queued, plain, moved));
    update(
        "update relay_tx set status = 'IN_POOL' where request_id = '" + moved.tx().requestId + "'");
    Instant sent = Instant.now().truncatedTo(ChronoUnit.MICROS);
    for (NewClient one : List.of(queued, plain, moved)) {
      one.tx().status = TxStatus.IN_POOL;
      one.tx().sends = 1;
      one.tx().lastSentAt = sent;
      one.tx().updatedAt = sent;
    }

    // One with an outcome to queue, one without (client outcomes published only when final).
    List<Boolean> recorded =
        rows.recordFirstSends(
            List.of(
                new FirstSend(queued.tx(), "{\"n\":20}"),
                new FirstSend(plain.tx(), null),
                new FirstSend(moved.tx(), null)));

    assertThat(recorded).containsExactly(true, true, false);
    for (NewClient recordedOne : List.of(queued, plain)) {
      assertThat(
              count(
                  "select count(*) from relay_tx where sends = 1 and status = 'IN_POOL'"
                      + " and request_id = '"
                      + recordedOne.tx().requestId
                      + "'"))
          .isEqualTo(1);
    }
    assertThat(
            count(
                "select count(*) from relay_tx where sends = 0 and request_id = '"
                    + moved.tx().requestId
                    + "'"))
        .as("the row that was no longer PENDING is left as it was")
        .isEqualTo(1);
    assertThat(stored("relay_send_log"))
        .as("the API's first broadcast of a client transaction is not a send under a lease")
        .isZero();
  }
}
