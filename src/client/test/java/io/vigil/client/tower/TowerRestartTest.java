package io.vigil.client.tower;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.client.events.Notifications;
import io.vigil.client.sign.KeySigner;
import io.vigil.client.store.ClientStore;
import io.vigil.client.store.TowerStore;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The local store across a restart of the client, with a tower that was down in between. */
class TowerRestartTest {

  @TempDir Path home;

  Towers open(ClientStore store) {
    return new Towers(
        new TowerStore(store),
        new Notifications(),
        Clock.systemUTC(),
        TowersTest.FAST,
        Backoff.DEFAULT);
  }

  @Test
  void shouldResendOnlyTheMissingStateAfterARestart() {
    FakeTower up = FakeTower.start(FakeTower.Mode.CORRECT);
    FakeTower down = FakeTower.start(FakeTower.Mode.CORRECT);
    int downPort = down.port();
    String downUrl = down.url();
    var hunter = io.vigil.core.crypto.Address.of("0x" + "33".repeat(20));
    try (up) {
      try (ClientStore store = ClientStore.open(home.resolve("client.db"));
          Towers towers = open(store)) {
        towers.add(up.url());
        towers.add(downUrl);
        down.close();
        towers.delegate(TowersTest.signed(3), KeySigner.of(TowersTest.KEY_A), DelegationPolicy.ALL);
        DelegationReport report =
            towers.delegate(
                TowersTest.signed(4), KeySigner.of(TowersTest.KEY_A), DelegationPolicy.ALL);
        assertThat(report.acknowledged()).isEqualTo(1);
        assertThat(report.partial()).isTrue();
        assertThat(towers.store().pending(downUrl))
            .singleElement()
            .extracting(PendingDelegation::nonce)
            .isEqualTo(4L);
      }

      FakeTower back =
          FakeTower.start(FakeTower.Mode.CORRECT, downPort, hunter, FakeTower.RECEIPT_KEY);
      try (back;
          ClientStore store = ClientStore.open(home.resolve("client.db"));
          Towers towers = open(store)) {
        Tower stored = towers.store().tower(downUrl).orElseThrow();
        assertThat(stored.state()).isEqualTo(TowerState.UNREACHABLE);
        assertThat(stored.failures()).isEqualTo(2);

        assertThat(towers.retry(Optional.empty()))
            .singleElement()
            .isInstanceOf(TowerOutcome.Acknowledged.class);

        assertThat(back.received).hasSize(1);
        assertThat(back.received.getFirst().path("state").path("nonce").asText()).isEqualTo("4");
        assertThat(up.received).hasSize(2);
        assertThat(towers.store().pending(downUrl)).isEmpty();
        assertThat(towers.store().receipts(TowersTest.CHANNEL))
            .extracting(TowerReceipt::towerUrl, TowerReceipt::nonce)
            .contains(
                org.assertj.core.groups.Tuple.tuple(downUrl, 4L),
                org.assertj.core.groups.Tuple.tuple(up.url(), 4L));
      }
    }
  }
}
