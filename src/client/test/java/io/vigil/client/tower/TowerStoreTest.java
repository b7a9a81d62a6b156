package io.vigil.client.tower;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.vigil.client.http.JsonHttp;
import io.vigil.client.store.ClientStore;
import io.vigil.client.store.TowerStore;
import io.vigil.core.crypto.Address;
import java.math.BigInteger;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TowerStoreTest {

  static final String URL_1 = "http://127.0.0.1:1001";
  static final String URL_2 = "http://127.0.0.1:1002";

  @TempDir Path home;
  final Instant now = Instant.parse("2026-01-01T00:00:00Z");

  static JsonNode body(long nonce) {
    return JsonHttp.JSON.createObjectNode().put("nonce", nonce);
  }

  static Tower tower(String url, Instant now) {
    return Tower.added(
        url,
        TowerInfo.of(
            31337,
            Address.of("0x" + "01".repeat(20)),
            Address.of("0x" + "02".repeat(20)),
            Address.of("0x" + "03".repeat(20)),
            TowerInfo.Policy.of(3600, new BigInteger("150000000000000000"), 150000, 2)),
        now);
  }

  @Test
  void shouldKeepTowersAndPendingStatesAcrossAReopen() {
    try (ClientStore store = ClientStore.open(home.resolve("client.db"))) {
      TowerStore towers = new TowerStore(store);
      towers.saveTower(
          tower(URL_1, now).moved(TowerState.UNREACHABLE, "refused", now, 3, now.plusSeconds(20)));
      towers.queueLatest(TowersTest.CHANNEL, 9, Map.of(URL_1, body(9)), now);
    }
    try (ClientStore store = ClientStore.open(home.resolve("client.db"))) {
      TowerStore towers = new TowerStore(store);
      Tower back = towers.tower(URL_1).orElseThrow();
      assertThat(back)
          .isEqualTo(
              tower(URL_1, now)
                  .moved(TowerState.UNREACHABLE, "refused", now, 3, now.plusSeconds(20)));
      assertThat(towers.pending(URL_1))
          .singleElement()
          .satisfies(p -> assertThat(p.body().toString()).isEqualTo(body(9).toString()));
      assertThat(towers.latestNonce(TowersTest.CHANNEL)).contains(9L);
    }
  }

  @Test
  void shouldDropOlderPendingStatesWhenANewerOneIsQueued() {
    try (ClientStore store = ClientStore.open(home.resolve("client.db"))) {
      TowerStore towers = new TowerStore(store);
      towers.queueLatest(TowersTest.CHANNEL, 1, Map.of(URL_1, body(1), URL_2, body(1)), now);
      // Tower 2 is refused by the counterparty rule for the newer state: its older one goes too.
      towers.queueLatest(TowersTest.CHANNEL, 2, Map.of(URL_1, body(2)), now);

      assertThat(towers.pending(URL_1)).extracting(PendingDelegation::nonce).containsExactly(2L);
      assertThat(towers.pending(URL_2)).isEmpty();
      assertThat(towers.queueLatest(TowersTest.CHANNEL, 1, Map.of(URL_1, body(1)), now)).isFalse();
      assertThat(towers.pending(URL_1)).extracting(PendingDelegation::nonce).containsExactly(2L);
    }
  }

  @Test
  void shouldForgetAPrunedChannelButKeepTheTowers() {
    try (ClientStore store = ClientStore.open(home.resolve("client.db"))) {
      TowerStore towers = new TowerStore(store);
      towers.saveTower(tower(URL_1, now));
      towers.queueLatest(TowersTest.CHANNEL, 4, Map.of(URL_1, body(4)), now);

      towers.prune(TowersTest.CHANNEL);

      assertThat(towers.pending(URL_1)).isEmpty();
      assertThat(towers.latestNonce(TowersTest.CHANNEL)).isEmpty();
      assertThat(towers.channels()).isEmpty();
      assertThat(towers.towers()).hasSize(1);
    }
  }
}
