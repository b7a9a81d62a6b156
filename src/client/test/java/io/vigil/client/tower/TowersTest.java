package io.vigil.client.tower;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vigil.client.ErrorCode;
import io.vigil.client.VigilClientException;
import io.vigil.client.events.Notification;
import io.vigil.client.events.Notifications;
import io.vigil.client.http.JsonHttp;
import io.vigil.client.sign.KeySigner;
import io.vigil.client.store.ClientStore;
import io.vigil.client.store.TowerStore;
import io.vigil.core.channel.ChannelId;
import io.vigil.core.channel.ChannelState;
import io.vigil.core.channel.SignedState;
import io.vigil.core.crypto.Eip712;
import io.vigil.core.crypto.PrivateKey;
import java.math.BigInteger;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TowersTest {

  static final String KEY_A = "0x" + "aa".repeat(32);
  static final String KEY_B = "0x" + "bb".repeat(32);
  static final ChannelId CHANNEL = ChannelId.of("0x" + "c1".repeat(32));
  static final JsonHttp.Limits FAST =
      new JsonHttp.Limits(Duration.ofSeconds(2), Duration.ofSeconds(15), 1 << 16);

  @TempDir Path home;
  final List<AutoCloseable> open = new ArrayList<>();
  final List<Notification> heard = new ArrayList<>();

  @AfterEach
  void closeAll() throws Exception {
    for (AutoCloseable each : open.reversed()) {
      each.close();
    }
  }

  Towers towers() {
    ClientStore store = ClientStore.open(home.resolve("client.db"));
    Notifications notifications = new Notifications();
    notifications.subscribe(heard::add);
    Towers towers =
        new Towers(new TowerStore(store), notifications, Clock.systemUTC(), FAST, Backoff.DEFAULT);
    open.add(store);
    open.add(towers);
    return towers;
  }

  FakeTower tower(FakeTower.Mode mode) {
    FakeTower tower = FakeTower.start(mode);
    open.add(tower);
    return tower;
  }

  static SignedState signed(long nonce) {
    ChannelState state =
        ChannelState.of(
            CHANNEL, nonce, BigInteger.valueOf(6000 - nonce), BigInteger.valueOf(nonce));
    return Eip712.forHub(FakeTower.CHAIN_ID, FakeTower.HUB)
        .coSign(state, PrivateKey.of(KEY_A), PrivateKey.of(KEY_B));
  }

  @Test
  void shouldStoreTheReceiptWhenTheTowerAcknowledgesCorrectly() {
    FakeTower good = tower(FakeTower.Mode.CORRECT);
    Towers towers = towers();
    Tower added = towers.add(good.url());
    assertThat(added.pinned().receiptSigner()).isEqualTo(good.receiptSigner());

    DelegationReport report = towers.delegate(signed(5), KeySigner.of(KEY_A), DelegationPolicy.ALL);

    assertThat(report.met()).isTrue();
    assertThat(towers.store().receipts(CHANNEL))
        .extracting(TowerReceipt::nonce)
        .containsExactly(5L);
    assertThat(towers.store().pending(good.url())).isEmpty();
    assertThat(towers.list().getFirst().state()).isEqualTo(TowerState.REACHABLE);
    var auth = good.received.getFirst().path("hunterAuthorization");
    assertThat(auth.path("hunter").asText()).isEqualTo(added.pinned().hunter().hex());
  }

  @Test
  void shouldMarkTheTowerMisbehavingWhenItsReceiptNamesAnotherNonce() {
    FakeTower liar = tower(FakeTower.Mode.OTHER_NONCE);
    Towers towers = towers();
    towers.add(liar.url());

    DelegationReport report = towers.delegate(signed(5), KeySigner.of(KEY_A), DelegationPolicy.ALL);

    assertThat(report.misbehaved()).isTrue();
    assertThat(towers.list().getFirst().state()).isEqualTo(TowerState.MISBEHAVING);
    List<MisbehaviourProof> proofs = towers.store().proofs(liar.url());
    assertThat(proofs).hasSize(1);
    MisbehaviourProof proof = MisbehaviourProof.parse(proofs.getFirst().toJson());
    MisbehaviourProof.Verification verified = proof.verify();
    assertThat(verified.misbehaviour()).isTrue();
    assertThat(verified.signedByTower()).isTrue();
    assertThat(verified.reason()).contains("nonce 6").contains("nonce 5");
    assertThat(towers.store().pending(liar.url())).isEmpty();
    assertThat(heard)
        .filteredOn(TowerStateChanged.class::isInstance)
        .extracting(n -> ((TowerStateChanged) n).to())
        .containsExactly(TowerState.MISBEHAVING);
  }

  @Test
  void shouldMarkTheTowerMisbehavingWhenAnotherKeySignsItsReceipt() {
    FakeTower impostor = tower(FakeTower.Mode.OTHER_KEY);
    Towers towers = towers();
    towers.add(impostor.url());

    towers.delegate(signed(5), KeySigner.of(KEY_A), DelegationPolicy.ALL);

    assertThat(towers.list().getFirst().state()).isEqualTo(TowerState.MISBEHAVING);
    MisbehaviourProof.Verification verified =
        towers.store().proofs(impostor.url()).getFirst().verify();
    assertThat(verified.misbehaviour()).isTrue();
    assertThat(verified.signedByTower()).isFalse();
    assertThat(verified.reason())
        .contains(KeySigner.of(FakeTower.OTHER_KEY).address().hex())
        .contains("not by the pinned receipt signer");
    // A misbehaving tower is sent nothing more.
    DelegationReport next = towers.delegate(signed(6), KeySigner.of(KEY_A), DelegationPolicy.ALL);
    assertThat(next.outcomes()).singleElement().isInstanceOf(TowerOutcome.Skipped.class);
    assertThat(impostor.received).hasSize(1);
  }

  @Test
  void shouldMarkTheTowerMisbehavingWhenItsReceiptIsUnparseable() {
    FakeTower broken = tower(FakeTower.Mode.GARBAGE);
    Towers towers = towers();
    towers.add(broken.url());

    towers.delegate(signed(5), KeySigner.of(KEY_A), DelegationPolicy.ALL);

    assertThat(towers.list().getFirst().state()).isEqualTo(TowerState.MISBEHAVING);
    assertThat(towers.store().proofs(broken.url()).getFirst().verify().reason())
        .startsWith("unparseable receipt");
  }

  @Test
  void shouldNotVerifyAProofMadeFromACorrectReceipt() {
    FakeTower good = tower(FakeTower.Mode.CORRECT);
    Towers towers = towers();
    Tower tower = towers.add(good.url());
    SignedState state = signed(5);
    var body = TowerClient.delegationFor(tower.pinned(), state, KeySigner.of(KEY_A));
    var receipt = new TowerClient(good.url(), FAST).delegate(body);

    MisbehaviourProof forged =
        MisbehaviourProof.of(
            good.url(), tower.pinned(), body, receipt, "claimed wrong", java.time.Instant.now());

    assertThat(forged.verify().misbehaviour()).isFalse();
    assertThat(MisbehaviourProof.parse(forged.toJson()).verify().misbehaviour()).isFalse();
  }

  @Test
  void shouldMarkARefusingTowerRefusedWithTheReasonAndDropTheState() {
    FakeTower strict = tower(FakeTower.Mode.POLICY_REFUSAL);
    Towers towers = towers();
    towers.add(strict.url());

    DelegationReport report = towers.delegate(signed(5), KeySigner.of(KEY_A), DelegationPolicy.ALL);

    assertThat(report.outcomes()).singleElement().isInstanceOf(TowerOutcome.Refused.class);
    Tower after = towers.list().getFirst();
    assertThat(after.state()).isEqualTo(TowerState.REFUSED);
    assertThat(after.reason()).contains("below 1000");
    assertThat(towers.store().pending(strict.url())).isEmpty();
  }

  @Test
  void shouldQueueForABusyTowerWithBackoffAndDeliverOnRetry() {
    FakeTower busy = tower(FakeTower.Mode.BUSY);
    Towers towers = towers();
    towers.add(busy.url());

    DelegationReport report = towers.delegate(signed(5), KeySigner.of(KEY_A), DelegationPolicy.ALL);

    assertThat(report.met()).isFalse();
    assertThat(report.partial()).isTrue();
    Tower after = towers.list().getFirst();
    assertThat(after.state()).isEqualTo(TowerState.UNREACHABLE);
    assertThat(after.failures()).isEqualTo(1);
    assertThat(after.nextRetryAt()).isAfter(after.since());
    assertThat(after.retryDue(after.since())).isFalse();
    assertThat(towers.retryDue(after.since())).isEmpty();

    busy.mode = FakeTower.Mode.CORRECT;
    List<TowerOutcome> retried = towers.retry(Optional.of(busy.url()));

    assertThat(retried).singleElement().isInstanceOf(TowerOutcome.Acknowledged.class);
    assertThat(towers.list().getFirst().state()).isEqualTo(TowerState.REACHABLE);
    assertThat(towers.store().pending(busy.url())).isEmpty();
  }

  @Test
  void shouldRefuseAStateOlderThanTheLatestDelegated() {
    FakeTower good = tower(FakeTower.Mode.CORRECT);
    Towers towers = towers();
    towers.add(good.url());
    towers.delegate(signed(7), KeySigner.of(KEY_A), DelegationPolicy.ALL);

    assertThatThrownBy(() -> towers.delegate(signed(6), KeySigner.of(KEY_A), DelegationPolicy.ALL))
        .isInstanceOf(VigilClientException.class)
        .extracting(e -> ((VigilClientException) e).code())
        .isEqualTo(ErrorCode.CONFLICT);
    assertThat(good.received).hasSize(1);
  }

  @Test
  void shouldSkipATowerWhoseHunterIsTheCounterpartyWhenThePolicyRefuses() {
    var counterparty = KeySigner.of(KEY_B).address();
    FakeTower theirs =
        FakeTower.start(FakeTower.Mode.CORRECT, 0, counterparty, FakeTower.RECEIPT_KEY);
    open.add(theirs);
    FakeTower ours = tower(FakeTower.Mode.CORRECT);
    Towers towers = towers();
    towers.add(theirs.url());
    towers.add(ours.url());

    DelegationReport warned = towers.delegate(signed(1), KeySigner.of(KEY_A), DelegationPolicy.ALL);
    assertThat(warned.warnings()).anyMatch(w -> w.contains("hunter") && w.contains("counterparty"));
    assertThat(warned.acknowledged()).isEqualTo(2);

    DelegationReport refused =
        towers.delegate(
            signed(2),
            KeySigner.of(KEY_A),
            DelegationPolicy.of(1, DelegationPolicy.CounterpartyRule.REFUSE));
    assertThat(refused.outcomes())
        .filteredOn(TowerOutcome.Skipped.class::isInstance)
        .singleElement()
        .extracting(TowerOutcome::url)
        .isEqualTo(theirs.url());
    assertThat(theirs.received).hasSize(1);
    assertThat(refused.met()).isTrue();
  }

  @Test
  void shouldResendSeveralChannelsToATowerThatCameBackInOneBatch() {
    FakeTower busy = tower(FakeTower.Mode.BUSY);
    Towers towers = towers();
    towers.add(busy.url());
    ChannelId other = ChannelId.of("0x" + "c2".repeat(32));
    towers.delegate(signed(5), KeySigner.of(KEY_A), DelegationPolicy.ALL);
    ChannelState second =
        ChannelState.of(other, 9, BigInteger.valueOf(5000), BigInteger.valueOf(1000));
    towers.delegate(
        Eip712.forHub(FakeTower.CHAIN_ID, FakeTower.HUB)
            .coSign(second, PrivateKey.of(KEY_A), PrivateKey.of(KEY_B)),
        KeySigner.of(KEY_A),
        DelegationPolicy.ALL);
    assertThat(towers.store().pending(busy.url())).hasSize(2);
    assertThat(towers.list().getFirst().failures()).isEqualTo(2);

    busy.mode = FakeTower.Mode.CORRECT;
    List<TowerOutcome> retried = towers.retry(Optional.empty());

    assertThat(retried).hasSize(2).allMatch(TowerOutcome.Acknowledged.class::isInstance);
    assertThat(busy.batches.get()).isEqualTo(1);
    assertThat(towers.store().pending(busy.url())).isEmpty();
    assertThat(towers.store().receipts(other)).extracting(TowerReceipt::nonce).containsExactly(9L);
    assertThat(towers.list().getFirst().state()).isEqualTo(TowerState.REACHABLE);
  }

  @Test
  void shouldStopCountingABatchOnceATowerMisbehavesInIt() {
    FakeTower busy = tower(FakeTower.Mode.BUSY);
    Towers towers = towers();
    towers.add(busy.url());
    towers.delegate(signed(5), KeySigner.of(KEY_A), DelegationPolicy.ALL);
    ChannelState second =
        ChannelState.of(ChannelId.of("0x" + "c2".repeat(32)), 9, BigInteger.TEN, BigInteger.ONE);
    towers.delegate(
        Eip712.forHub(FakeTower.CHAIN_ID, FakeTower.HUB)
            .coSign(second, PrivateKey.of(KEY_A), PrivateKey.of(KEY_B)),
        KeySigner.of(KEY_A),
        DelegationPolicy.ALL);

    busy.mode = FakeTower.Mode.OTHER_KEY;
    List<TowerOutcome> retried = towers.retry(Optional.empty());

    assertThat(retried).singleElement().isInstanceOf(TowerOutcome.Misbehaved.class);
    assertThat(towers.list().getFirst().state()).isEqualTo(TowerState.MISBEHAVING);
    assertThat(towers.store().proofs(busy.url())).hasSize(1);
  }

  @Test
  void shouldRetryInTheBackgroundOnceTheBackoffRunsOut() throws Exception {
    FakeTower busy = tower(FakeTower.Mode.BUSY);
    ClientStore store = ClientStore.open(home.resolve("client.db"));
    open.add(store);
    Towers towers =
        new Towers(
            new TowerStore(store),
            new Notifications(),
            Clock.systemUTC(),
            FAST,
            Backoff.of(Duration.ofMillis(100), Duration.ofMillis(400)));
    open.add(towers);
    towers.add(busy.url());
    towers.delegate(signed(5), KeySigner.of(KEY_A), DelegationPolicy.ALL);
    assertThat(towers.store().pending(busy.url())).hasSize(1);
    busy.mode = FakeTower.Mode.CORRECT;

    try (AutoCloseable scheduler = towers.schedule(Duration.ofMillis(50))) {
      long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
      while (!towers.store().pending(busy.url()).isEmpty() && System.nanoTime() < deadline) {
        Thread.sleep(50);
      }
    }

    assertThat(towers.store().pending(busy.url())).isEmpty();
    assertThat(towers.list().getFirst().state()).isEqualTo(TowerState.REACHABLE);
    assertThat(busy.received).hasSize(2);
  }
}
