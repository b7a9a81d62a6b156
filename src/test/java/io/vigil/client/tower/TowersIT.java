package io.vigil.client.tower;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.vigil.client.ClientStack;
import io.vigil.client.cli.ExitCodes;
import io.vigil.client.cli.VigilCli;
import io.vigil.client.events.Notification;
import io.vigil.client.events.Notifications;
import io.vigil.client.http.JsonHttp;
import io.vigil.client.http.Logins;
import io.vigil.client.sign.KeySigner;
import io.vigil.client.store.ClientStore;
import io.vigil.client.store.TowerStore;
import io.vigil.core.channel.ChannelId;
import io.vigil.core.channel.ChannelState;
import io.vigil.core.channel.SignedState;
import io.vigil.testsupport.Anvil;
import io.vigil.testsupport.Await;
import io.vigil.testsupport.HubFixture;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.math.BigInteger;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The client's towers against two real Vigil processes sharing one chain: one tower is down when a
 * state is delegated, the client restarts, the tower comes back and receives exactly the missing
 * state; coverage then shows both towers holding it, and after a stale close the towers dispute and
 * the client hears of it.
 */
class TowersIT {

  static final String KEY_A = Anvil.DEV_KEYS.get(1);
  static final String KEY_B = Anvil.DEV_KEYS.get(2);
  static final BigInteger ETHER = HubFixture.ETHER;

  @TempDir Path home;
  String out;

  int vigil(String... args) {
    StringWriter stdout = new StringWriter();
    StringWriter stderr = new StringWriter();
    List<String> all = new ArrayList<>(List.of("--home", home.toString(), "--json"));
    all.addAll(List.of(args));
    int code =
        VigilCli.run(new PrintWriter(stdout), new PrintWriter(stderr), all.toArray(String[]::new));
    out = stdout.toString();
    return code;
  }

  JsonNode json() throws Exception {
    return JsonHttp.JSON.readTree(out);
  }

  int delegate(SignedState signed) {
    return vigil(
        "state", "delegate",
        "--channel", signed.state().channelId().hex(),
        "--nonce", Long.toString(signed.state().nonce()),
        "--balance-a", signed.state().balanceA().toString(),
        "--balance-b", signed.state().balanceB().toString(),
        "--sig-a", signed.signatureA().hex(),
        "--sig-b", signed.signatureB().hex(),
        "--key", KEY_A);
  }

  @Test
  void shouldDeliverTheMissingStateToATowerThatCameBackAfterAClientRestart() throws Exception {
    try (ClientStack stack = new ClientStack()) {
      ClientStack.Node one = stack.node("tower1").start();
      ClientStack.Node two = stack.node("tower2").start();
      ChannelId channel =
          stack.hub().open(KEY_A, KEY_B, ETHER, ETHER, 3600, ETHER.divide(BigInteger.valueOf(100)));
      long head = stack.blockNumber();
      one.awaitFollowed(head);
      two.awaitFollowed(head);
      ChannelState opening = ChannelState.opening(channel, ETHER, ETHER);
      SignedState first = stack.hub().sign(opening.pay(BigInteger.TEN), KEY_A, KEY_B);
      SignedState second = stack.hub().sign(first.state().pay(BigInteger.TEN), KEY_A, KEY_B);

      assertThat(vigil("tower", "add", one.url())).isEqualTo(ExitCodes.OK);
      assertThat(vigil("tower", "add", two.url())).isEqualTo(ExitCodes.OK);
      assertThat(json().path("pinned").path("receiptSigner").asText())
          .isEqualTo(two.receiptAddress());
      assertThat(delegate(first)).as(out).isEqualTo(ExitCodes.OK);
      assertThat(json().path("acknowledged").asInt()).isEqualTo(2);

      two.close();
      assertThat(delegate(second)).as(out).isEqualTo(ExitCodes.PARTIAL);
      assertThat(json().path("result").asText()).isEqualTo("partial");

      // The client restarts: what is queued is read back from its store.
      try (ClientStore store = ClientStore.open(home.resolve("client.db"))) {
        TowerStore towers = new TowerStore(store);
        assertThat(towers.tower(two.url()).orElseThrow().state()).isEqualTo(TowerState.UNREACHABLE);
        assertThat(towers.pending(two.url()))
            .singleElement()
            .extracting(PendingDelegation::nonce)
            .isEqualTo(2L);
        assertThat(towers.pending(one.url())).isEmpty();
      }

      two.start();
      assertThat(vigil("tower", "retry")).as(out).isEqualTo(ExitCodes.OK);
      JsonNode retried = json().path("towers");
      assertThat(retried).hasSize(1);
      assertThat(retried.get(0).path("tower").asText()).isEqualTo(two.url());
      assertThat(retried.get(0).path("receipt").path("nonce").asLong()).isEqualTo(2);

      assertThat(vigil("state", "coverage", channel.hex(), "--key", KEY_A))
          .as(out)
          .isEqualTo(ExitCodes.OK);
      JsonNode coverage = json();
      assertThat(coverage.path("latestNonce").asLong()).isEqualTo(2);
      assertThat(coverage.path("holdingLatest").asInt()).isEqualTo(2);
      assertThat(coverage.path("towers").findValuesAsText("protection")).containsOnly("PROTECTED");
      assertThat(vigil("state", "receipts", channel.hex())).isEqualTo(ExitCodes.OK);
      assertThat(json().path("receipts").findValuesAsText("signer"))
          .contains(one.receiptAddress(), two.receiptAddress());

      // B closes with the stale first state; the towers dispute with the second.
      stack.hub().close(KEY_B, first);
      List<Notification> heard = new CopyOnWriteArrayList<>();
      try (ClientStore store = ClientStore.open(home.resolve("client.db"))) {
        Notifications notifications = new Notifications();
        notifications.subscribe(heard::add);
        try (Towers towers =
            new Towers(
                new TowerStore(store),
                notifications,
                Clock.systemUTC(),
                JsonHttp.Limits.DEFAULT,
                Backoff.DEFAULT)) {
          Function<Tower, Supplier<String>> bearers =
              tower ->
                  new Logins(
                      new JsonHttp(tower.url()), KeySigner.of(KEY_A), "vigil", Clock.systemUTC());
          Await.until(
              "a tower to report its dispute",
              Duration.ofSeconds(90),
              () -> {
                towers.watch().check(channel, bearers);
                return heard.stream().anyMatch(TowerDisputed.class::isInstance);
              });
        }
      }
      TowerDisputed disputed =
          (TowerDisputed)
              heard.stream().filter(TowerDisputed.class::isInstance).findFirst().orElseThrow();
      assertThat(disputed.kind()).isEqualTo("tower-disputed");
      assertThat(disputed.channelId()).isEqualTo(channel);
      assertThat(disputed.disputedNonce()).isEqualTo(2);
    }
  }
}
