package io.vigil.relay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.vigil.relay.fee.Fees;
import io.vigil.relay.persistence.RelayAttempt;
import io.vigil.relay.persistence.RelayTransaction;
import io.vigil.testsupport.RoleProfiles;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.math.BigInteger;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The carrier's first signing of its own requests on the real database. The application runs
 * without the relay role, so no carrier runs beside the test: one would take this test's waiting
 * rows between their insert and the test's signing (and fail them, their senders being none of its
 * keys).
 */
@QuarkusTest
@TestProfile(RoleProfiles.RouterOnly.class)
class FirstSigningIT {

  static final Fees FEES = new Fees(BigInteger.valueOf(3_000_000_000L), BigInteger.ONE);

  @Inject FirstSigning signing;

  @Inject EntityManager entityManager;

  /** Finishes this test's rows, so no pass of the running carrier counts them among the open. */
  @AfterEach
  void finishRows() {
    QuarkusTransaction.requiringNew()
        .run(
            () ->
                RelayTransaction.update("done = true where requestId like 'test:first-signing:%'"));
  }

  @Test
  void shouldTakeTheSendersNextNonceAndStoreTheRowAndItsAttemptTogether() {
    String sender = freshAddress();
    String first = waiting(sender);
    String second = waiting(sender);
    Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);

    RelayAttempt one =
        signing.sign(first, sender, 5, 90_000, FEES, now, signed(first)).orElseThrow();
    RelayAttempt two =
        signing.sign(second, sender, 2, 90_000, FEES, now, signed(second)).orElseThrow();

    // Raised to the 5 transactions mined, then the next one; a lower mined count does not lower it.
    assertThat(one.nonce).isEqualTo(5);
    assertThat(two.nonce).isEqualTo(6);
    assertThat(nextNonce(sender)).isEqualTo(7);
    QuarkusTransaction.requiringNew()
        .run(
            () -> {
              RelayTransaction row = RelayTransaction.findById(first);
              assertThat(row.nonce).isEqualTo(5);
              assertThat(row.gasLimit).isEqualTo(90_000);
              assertThat(row.maxFee).isEqualTo(FEES.maxFeePerGas());
              assertThat(row.priorityFee).isEqualTo(FEES.maxPriorityFeePerGas());
              assertThat(row.txHash).isEqualTo(one.txHash);
              assertThat(row.updatedAt).isEqualTo(now);
              RelayAttempt stored = RelayAttempt.findById(one.txHash);
              assertThat(stored.requestId).isEqualTo(first);
              assertThat(stored.nonce).isEqualTo(5);
              assertThat(stored.raw).isEqualTo(one.raw);
              assertThat(stored.cancels).isFalse();
              assertThat(stored.maxFee).isEqualTo(FEES.maxFeePerGas());
            });
  }

  @Test
  void shouldTakeNoNonceAndSignNothingForARequestThatNoLongerWaits() {
    String sender = freshAddress();
    String signedAlready = waiting(sender);
    signing.sign(signedAlready, sender, 0, 90_000, FEES, Instant.now(), signed(signedAlready));
    String finished = waiting(sender);
    QuarkusTransaction.requiringNew()
        .run(
            () -> {
              RelayTransaction row = RelayTransaction.findById(finished);
              row.done = true;
              row.status = TxStatus.FAILED;
            });
    AtomicInteger signatures = new AtomicInteger();

    for (String id : new String[] {signedAlready, finished, "test:first-signing:absent"}) {
      Optional<RelayAttempt> again =
          signing.sign(
              id,
              sender,
              0,
              90_000,
              FEES,
              Instant.now(),
              nonce -> {
                signatures.incrementAndGet();
                return signed(id).apply(nonce);
              });
      assertThat(again).as(id).isEmpty();
    }

    assertThat(signatures).hasValue(0);
    assertThat(nextNonce(sender)).isEqualTo(1);
  }

  @Test
  void shouldLeaveNeitherNonceNorRowChangedWhenSigningFails() {
    String sender = freshAddress();
    String id = waiting(sender);

    assertThatThrownBy(
            () ->
                signing.sign(
                    id,
                    sender,
                    3,
                    90_000,
                    FEES,
                    Instant.now(),
                    nonce -> {
                      throw new IllegalStateException("no key");
                    }))
        .hasMessage("no key");

    assertThat(nextNonce(sender)).isEqualTo(-1);
    QuarkusTransaction.requiringNew()
        .run(() -> assertThat(((RelayTransaction) RelayTransaction.findById(id)).nonce).isNull());
    RelayAttempt attempt =
        signing.sign(id, sender, 3, 90_000, FEES, Instant.now(), signed(id)).orElseThrow();
    assertThat(attempt.nonce).isEqualTo(3);
  }

  /** The next nonce {@code relay_account} holds for {@code sender}, or -1 for one never used. */
  private long nextNonce(String sender) {
    return QuarkusTransaction.requiringNew()
        .call(
            () -> {
              List<?> rows =
                  entityManager
                      .createNativeQuery("select next_nonce from relay_account where address = ?1")
                      .setParameter(1, sender)
                      .getResultList();
              return rows.isEmpty() ? -1L : ((Number) rows.get(0)).longValue();
            });
  }

  /** Stands in for the signer: a distinct hash per request and nonce. */
  private static java.util.function.LongFunction<TxSigner.Signed> signed(String requestId) {
    return nonce -> {
      String hash = "0x" + HexFormat.of().formatHex(sha256(requestId + "@" + nonce));
      return new TxSigner.Signed(hash, "0x02raw" + nonce);
    };
  }

  private static byte[] sha256(String text) {
    try {
      return java.security.MessageDigest.getInstance("SHA-256")
          .digest(text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String freshAddress() {
    return "0x" + UUID.randomUUID().toString().replace("-", "") + "00000000";
  }

  /** Stores a request of Vigil's own from {@code sender}, waiting for its nonce. */
  private static String waiting(String sender) {
    String id = "test:first-signing:" + UUID.randomUUID();
    QuarkusTransaction.requiringNew()
        .run(
            () -> {
              RelayTransaction tx = new RelayTransaction();
              tx.requestId = id;
              tx.kind = RelayTransaction.OWN;
              tx.purpose = "DISPUTE";
              tx.sender = sender;
              tx.target = "0x" + "11".repeat(20);
              tx.data = "0x";
              tx.value = BigInteger.ZERO;
              tx.valueAtStake = BigInteger.ZERO;
              tx.status = TxStatus.PENDING;
              tx.createdAt = Instant.now();
              tx.updatedAt = tx.createdAt;
              tx.persist();
            });
    return id;
  }
}
