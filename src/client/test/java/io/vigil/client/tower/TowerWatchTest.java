package io.vigil.client.tower;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.client.events.Notification;
import io.vigil.client.events.Notifications;
import io.vigil.client.sign.KeySigner;
import io.vigil.client.store.ClientStore;
import io.vigil.client.store.TowerStore;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Coverage, its warnings and the notifications from towers' channel status. */
class TowerWatchTest {

  static final Function<Tower, Supplier<String>> TOKEN = tower -> () -> "token";

  @TempDir Path home;

  static String status(String protection, String disputedNonce, boolean settled) {
    return "{\"channelId\":\""
        + TowersTest.CHANNEL.hex()
        + "\",\"heldNonce\":"
        + (settled ? "null" : "5")
        + ",\"protection\":"
        + (protection == null
            ? "null"
            : "{\"status\":\"" + protection + "\",\"reason\":\"base fee rose\"}")
        + ",\"chainStatus\":\""
        + (settled ? "SETTLED" : "OPEN")
        + "\",\"disputedNonce\":"
        + disputedNonce
        + ",\"outcome\":null}";
  }

  @Test
  void shouldReportCoverageWarnAtRiskAndNotifyADisputeOnceThenPruneWhenSettled() {
    List<Notification> heard = new ArrayList<>();
    try (FakeTower one = FakeTower.start(FakeTower.Mode.CORRECT);
        FakeTower two = FakeTower.start(FakeTower.Mode.CORRECT);
        ClientStore store = ClientStore.open(home.resolve("client.db"))) {
      Notifications notifications = new Notifications();
      notifications.subscribe(heard::add);
      Towers towers =
          new Towers(
              new TowerStore(store),
              notifications,
              Clock.systemUTC(),
              TowersTest.FAST,
              Backoff.DEFAULT);
      towers.add(one.url());
      towers.add(two.url());
      towers.delegate(TowersTest.signed(5), KeySigner.of(TowersTest.KEY_A), DelegationPolicy.ALL);
      one.status = status("PROTECTED", "null", false);
      two.status = status("AT_RISK", "null", false);

      CoverageReport report = towers.watch().check(TowersTest.CHANNEL, TOKEN);

      assertThat(report.holdingLatest()).isEqualTo(2);
      assertThat(report.towers())
          .extracting(CoverageReport.TowerCoverage::willAct)
          .containsExactlyInAnyOrder("yes: protected", "at risk: base fee rose");
      assertThat(report.warnings()).singleElement().asString().contains("AT_RISK");
      assertThat(heard).filteredOn(ProtectionLapsing.class::isInstance).hasSize(1);

      one.status = status("PROTECTED", "5", false);
      towers.watch().check(TowersTest.CHANNEL, TOKEN);
      towers.watch().check(TowersTest.CHANNEL, TOKEN);
      assertThat(heard)
          .filteredOn(TowerDisputed.class::isInstance)
          .singleElement()
          .satisfies(n -> assertThat(((TowerDisputed) n).disputedNonce()).isEqualTo(5));

      one.status = status(null, "5", true);
      CoverageReport settled = towers.watch().check(TowersTest.CHANNEL, TOKEN);
      assertThat(settled.settled()).isTrue();
      assertThat(towers.store().channels()).isEmpty();
      assertThat(towers.store().receipts(TowersTest.CHANNEL)).isEmpty();
      towers.close();
    }
  }

  @Test
  void shouldWarnWhenNoTowerHoldsTheLatestNonceOrOneIsUnreachableForLong() {
    Instant now = Instant.parse("2026-01-01T12:00:00Z");
    Tower up = TowerStoreTest.tower("http://127.0.0.1:1001", now);
    Tower down =
        TowerStoreTest.tower("http://127.0.0.1:1002", now.minus(Duration.ofHours(3)))
            .moved(TowerState.UNREACHABLE, "refused", now.minus(Duration.ofHours(2)), 4, now);
    TowerReceipt old =
        new TowerReceipt(
            up.url(),
            TowersTest.CHANNEL,
            3,
            40,
            up.pinned().receiptSigner(),
            TowersTest.signed(3).signatureA(),
            now.minusSeconds(60));

    CoverageReport report =
        Coverage.of(
            TowersTest.CHANNEL,
            Optional.of(4L),
            List.of(up, down),
            List.of(old),
            Map.of(),
            now,
            Duration.ofHours(1));

    assertThat(report.holdingLatest()).isZero();
    assertThat(report.towers().getFirst().receiptNonce()).isEqualTo(3);
    assertThat(report.towers().getFirst().willAct()).startsWith("no receipt for the latest nonce");
    assertThat(report.warnings().getFirst()).startsWith("no tower holds nonce 4");
    assertThat(report.warnings()).anyMatch(w -> w.contains("unreachable since"));
  }
}
