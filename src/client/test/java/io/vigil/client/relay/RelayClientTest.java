package io.vigil.client.relay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vigil.client.ErrorCode;
import io.vigil.client.VigilClientException;
import io.vigil.client.events.Notification;
import io.vigil.client.events.Notifications;
import io.vigil.client.hub.Fees;
import io.vigil.client.hub.HubTransactions;
import io.vigil.client.hub.SignedTransaction;
import io.vigil.client.sign.KeySigner;
import io.vigil.core.channel.ChannelId;
import io.vigil.core.channel.ChannelState;
import io.vigil.core.crypto.Address;
import java.math.BigInteger;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RelayClientTest {

  @TempDir Path home;

  private final KeySigner alice =
      KeySigner.of("0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d");
  private final SignedTransaction transaction =
      HubTransactions.of(31337, Address.of("0x" + "5f".repeat(20)))
          .sign(
              HubTransactions.of(31337, Address.of("0x" + "5f".repeat(20))).withdraw(),
              4,
              Fees.of(BigInteger.valueOf(2_000_000_000L), BigInteger.ONE),
              alice);

  @Test
  void shouldSubmitThroughTheRelayThatIsUpWhenTheOtherIsDown() throws Exception {
    try (FakeRelay up = new FakeRelay()) {
      up.answersSubmissions(202, FakeRelay.view(transaction.requestId(), "IN_POOL", false, null));
      RelayJournal journal = RelayJournal.open(home.resolve("client.db"));
      RelayClient relays = RelayClient.of(deadUrl(), up.url()).withJournal(journal);

      Submission submission = relays.submit(transaction);

      assertThat(submission.requestId()).isEqualTo(transaction.requestId());
      assertThat(submission.accepted()).extracting(RelayAnswer::relay).containsExactly(up.url());
      assertThat(submission.notAccepted()).hasSize(1);
      assertThat(submission.notAccepted().get(0).failure().code()).isEqualTo(ErrorCode.UNREACHABLE);
      assertThat(up.received).singleElement().asString().contains(transaction.raw());
      RelayJournal.Entry entry = journal.find(transaction.txHash()).orElseThrow();
      assertThat(entry.requestId()).isEqualTo(transaction.requestId());
      assertThat(entry.relays()).containsExactly(up.url());
      assertThat(entry.status()).isEqualTo("IN_POOL");
      assertThat(entry.nonce()).isEqualTo(4L);
    }
  }

  @Test
  void shouldReportTheRefusalWhenNoRelayAccepts() throws Exception {
    try (FakeRelay refusing = new FakeRelay()) {
      refusing.answersSubmissions(
          422,
          "{\"type\":\"urn:vigil:problem:would-revert\",\"field\":\"raw\","
              + "\"detail\":\"raw: would revert: NothingToWithdraw\"}");
      RelayClient relays = RelayClient.of(deadUrl(), refusing.url());

      assertThatThrownBy(() -> relays.submit(transaction))
          .isInstanceOfSatisfying(
              VigilClientException.class,
              failure -> {
                assertThat(failure.code()).isEqualTo(ErrorCode.POLICY);
                assertThat(failure.field()).contains("raw");
                assertThat(failure.getMessage())
                    .contains("NothingToWithdraw")
                    .contains(refusing.url())
                    .contains("connection refused");
              });
    }
  }

  @Test
  void shouldFollowAStatusToFailedWithTheRevertReasonAndNotify() throws Exception {
    try (FakeRelay relay = new FakeRelay()) {
      String id = transaction.requestId();
      relay.reports(
          FakeRelay.view(id, "IN_POOL", false, null),
          FakeRelay.view(id, "INCLUDED", false, null),
          FakeRelay.view(id, "FAILED", true, "NothingToWithdraw args 0x70"));
      Notifications notifications = new Notifications();
      List<Notification> heard = new CopyOnWriteArrayList<>();
      notifications.subscribe(heard::add);
      RelayClient relays =
          RelayClient.of(relay.url())
              .withNotifications(notifications)
              .withPollInterval(Duration.ofMillis(10));

      RelayOutcome outcome = relays.awaitFinal(id, Duration.ofSeconds(10));

      assertThat(outcome)
          .isInstanceOfSatisfying(
              RelayOutcome.Failed.class,
              failed -> assertThat(failed.reason()).isEqualTo("NothingToWithdraw args 0x70"));
      assertThat(outcome.isFinal()).isTrue();
      assertThat(heard)
          .singleElement()
          .isInstanceOfSatisfying(
              TransactionFinal.class,
              done -> {
                assertThat(done.kind()).isEqualTo("transaction-final");
                assertThat(done.status()).isEqualTo(RelayTxStatus.FAILED);
                assertThat(done.requestId()).isEqualTo(id);
              });
    }
  }

  @Test
  void shouldReportAReplacementStillOpenWhenTheWaitRunsOut() throws Exception {
    try (FakeRelay relay = new FakeRelay()) {
      String id = transaction.requestId();
      relay.reports(FakeRelay.view(id, "REPLACED", false, "fees 1 -> 2"));
      RelayOutcome outcome =
          RelayClient.of(relay.url())
              .withPollInterval(Duration.ofMillis(10))
              .awaitFinal(id, Duration.ofMillis(100));
      assertThat(outcome)
          .isInstanceOfSatisfying(
              RelayOutcome.Replaced.class, r -> assertThat(r.reason()).isEqualTo("fees 1 -> 2"));
      assertThat(outcome.isFinal()).isFalse();
    }
  }

  @Test
  void shouldAskTheNextRelayWhenTheFirstDoesNotKnowTheRequest() throws Exception {
    try (FakeRelay unaware = new FakeRelay();
        FakeRelay aware = new FakeRelay()) {
      aware.reports(FakeRelay.view("raw:0x1", "CONFIRMED", true, null));
      RelayStatus status = RelayClient.of(unaware.url(), aware.url()).status("raw:0x1");
      assertThat(status.relay()).isEqualTo(aware.url());
      assertThat(status.status()).isEqualTo(RelayTxStatus.CONFIRMED);
      assertThatThrownBy(() -> RelayClient.of(unaware.url()).status("raw:0x2"))
          .isInstanceOfSatisfying(
              VigilClientException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.NOT_FOUND));
    }
  }

  @Test
  void shouldPostAStateInTheRelaysWireForm() throws Exception {
    try (FakeRelay relay = new FakeRelay()) {
      ChannelId channel = ChannelId.of("0x" + "ab".repeat(32));
      String id = "state:checkpoint:" + channel.hex() + ":3";
      relay.answersSubmissions(202, FakeRelay.view(id, "PENDING", false, null));
      ChannelState state =
          ChannelState.of(channel, 3, BigInteger.valueOf(6), BigInteger.valueOf(4));
      var sig = alice.signDigest(new byte[32]);

      Submission submission =
          RelayClient.of(relay.url())
              .postState(RelayClient.StateAction.CHECKPOINT, state, sig, sig);

      assertThat(submission.requestId()).isEqualTo(id);
      assertThat(relay.received)
          .singleElement()
          .asString()
          .contains("\"action\":\"checkpoint\"")
          .contains("\"nonce\":\"3\"")
          .contains("\"balanceA\":\"6\"")
          .contains("\"sigA\":\"" + sig.hex() + "\"");
    }
  }

  /** A URL where nothing listens. */
  private static String deadUrl() throws Exception {
    try (ServerSocket socket = new ServerSocket(0)) {
      return "http://127.0.0.1:" + socket.getLocalPort();
    }
  }
}
