package io.vigil.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import com.fasterxml.jackson.databind.JsonNode;
import io.vigil.client.cli.ExitCodes;
import io.vigil.client.cli.VigilCli;
import io.vigil.client.http.JsonHttp;
import io.vigil.client.sign.KeySigner;
import io.vigil.testsupport.Await;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.math.BigInteger;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The client kit's first acceptance story, told only through the {@code vigil} CLI against two real
 * Vigil deployments (each its own database, both on one anvil, each watcher, relay and tower):
 * Alice opens a channel with Bob through a relay, both sign two states, Bob delegates the latest to
 * both towers, Alice closes with the stale one, a tower disputes, the channel settles and the
 * disputing tower's hunter withdraws the bounty; coverage and its notification show the dispute.
 */
class ClientKitAcceptanceIT {

  private static final BigInteger ETHER = BigInteger.TEN.pow(18);
  private static final BigInteger BOUNTY = ETHER.divide(BigInteger.TEN);
  private static final String ALICE_KEY = ClientStack.partyKey(1);
  private static final String BOB_KEY = ClientStack.partyKey(2);
  private static final String ALICE = KeySigner.of(ALICE_KEY).address().hex();
  private static final String BOB = KeySigner.of(BOB_KEY).address().hex();

  @TempDir Path aliceHome;
  @TempDir Path bobHome;

  private ClientStack stack;

  record Run(int exit, String out, String err) {
    JsonNode json() {
      try {
        return JsonHttp.JSON.readTree(out);
      } catch (java.io.IOException notJson) {
        throw new AssertionError("not JSON: " + out + "\nerr: " + err, notJson);
      }
    }
  }

  @Test
  void shouldDisputeAStaleCloseOfAChannelDelegatedToTwoTowersAndWithdrawTheBounty() {
    try (ClientStack world = new ClientStack()) {
      stack = world;
      ClientStack.Node one = world.startNode("tower-one");
      ClientStack.Node two = world.startNode("tower-two");
      long fromBlock = world.blockNumber();

      // Alice opens the channel through tower one's relay: 1 ether, one hour, 0.1 ether bounty.
      JsonNode open =
          ok(
              aliceHome,
              chain(
                  "channel",
                  "open",
                  "--partner",
                  BOB,
                  "--deposit",
                  ETHER.toString(),
                  "--challenge-period",
                  "3600",
                  "--bounty",
                  BOUNTY.toString(),
                  "--relay",
                  one.url(),
                  "--key",
                  ALICE_KEY));
      assertThat(open.path("status").asText()).isEqualTo("CONFIRMED");
      assertThat(open.path("relays").get(0).path("accepted").asBoolean()).isTrue();
      String channel = open.path("channelId").asText();
      assertThat(channel).matches("0x[0-9a-f]{64}");
      JsonNode opened = ok(aliceHome, chain("channel", "status", channel));
      assertThat(opened.path("status").asText()).isEqualTo("OPEN");
      assertThat(opened.path("depositA").asText()).isEqualTo(ETHER.toString());
      assertThat(opened.path("bounty").asText()).isEqualTo(BOUNTY.toString());

      // Nonce 1: Alice paid Bob 0.2 ether; nonce 2: 0.3 ether more. Both sign each state.
      String a1 = "800000000000000000";
      String b1 = "200000000000000000";
      String a2 = "500000000000000000";
      String b2 = "500000000000000000";
      String s1a = sign(aliceHome, channel, 1, a1, b1, ALICE_KEY, ALICE);
      String s1b = sign(bobHome, channel, 1, a1, b1, BOB_KEY, BOB);
      String s2a = sign(aliceHome, channel, 2, a2, b2, ALICE_KEY, ALICE);
      String s2b = sign(bobHome, channel, 2, a2, b2, BOB_KEY, BOB);

      // Bob adds both towers; each pins its hunter and receipt signer.
      for (ClientStack.Node tower : List.of(one, two)) {
        JsonNode added = ok(bobHome, "tower", "add", tower.url());
        assertThat(added.path("pinned").path("hunter").asText())
            .isEqualToIgnoringCase(tower.hunter());
        assertThat(added.path("pinned").path("receiptSigner").asText())
            .isEqualToIgnoringCase(tower.receiptAddress());
      }

      // Bob delegates nonce 2 to both (a tower takes it once its watcher has seen the channel).
      String[] delegate = {
        "state",
        "delegate",
        "--channel",
        channel,
        "--nonce",
        "2",
        "--balance-a",
        a2,
        "--balance-b",
        b2,
        "--sig-a",
        s2a,
        "--sig-b",
        s2b,
        "--key",
        BOB_KEY
      };
      JsonNode delegated =
          Await.value(
              "both towers acknowledging nonce 2",
              Duration.ofSeconds(60),
              () -> {
                pause();
                Run run = cli(bobHome, delegate);
                return run.exit() == ExitCodes.OK ? run.json() : null;
              });
      assertThat(delegated.path("result").asText()).isEqualTo("ok");
      assertThat(delegated.path("acknowledged").asInt()).isEqualTo(2);
      assertThat(delegated.path("towers").findValuesAsText("outcome")).containsOnly("acknowledged");

      // Both towers hold it: the receipts kept, and coverage asking each tower.
      JsonNode receipts = ok(bobHome, "state", "receipts", channel).path("receipts");
      assertThat(stream(receipts).filter(r -> r.path("nonce").asLong() == 2))
          .extracting(r -> r.path("tower").asText(), r -> r.path("signer").asText().toLowerCase())
          .containsExactlyInAnyOrder(
              tuple(one.url(), one.receiptAddress().toLowerCase()),
              tuple(two.url(), two.receiptAddress().toLowerCase()));
      JsonNode covered = ok(bobHome, "state", "coverage", channel, "--key", BOB_KEY);
      assertThat(covered.path("latestNonce").asLong()).isEqualTo(2);
      assertThat(covered.path("holdingLatest").asInt()).isEqualTo(2);
      assertThat(covered.path("settled").asBoolean()).isFalse();
      assertThat(stream(covered.path("towers")))
          .extracting(t -> t.path("url").asText(), t -> t.path("receiptNonce").asLong())
          .containsExactlyInAnyOrder(tuple(one.url(), 2L), tuple(two.url(), 2L));
      assertThat(covered.path("towers").findValuesAsText("holdsLatest")).containsOnly("true");

      // Alice closes with the stale nonce 1 (0.8 ether for her instead of 0.5), via tower two.
      JsonNode close =
          ok(
              aliceHome,
              chain(
                  "channel",
                  "close",
                  channel,
                  "--nonce",
                  "1",
                  "--balance-a",
                  a1,
                  "--balance-b",
                  b1,
                  "--sig-a",
                  s1a,
                  "--sig-b",
                  s1b,
                  "--relay",
                  two.url(),
                  "--key",
                  ALICE_KEY));
      assertThat(close.path("status").asText()).isEqualTo("CONFIRMED");

      // A tower disputes with nonce 2: the hub now holds nonce 2 and names its hunter.
      JsonNode disputed =
          Await.value(
              "a tower's dispute with nonce 2 on chain",
              Duration.ofSeconds(90),
              () -> {
                pause();
                JsonNode status = ok(aliceHome, chain("channel", "status", channel));
                return status.path("nonce").asLong() == 2 ? status : null;
              });
      assertThat(disputed.path("status").asText()).isEqualTo("CLOSING");
      assertThat(disputed.path("closer").asText()).isEqualToIgnoringCase(ALICE);
      assertThat(disputed.path("closingBalanceA").asText()).isEqualTo(a2);
      assertThat(disputed.path("closingBalanceB").asText()).isEqualTo(b2);
      String winner = disputed.path("bountyTo").asText();
      ClientStack.Node disputer = one.hunter().equalsIgnoreCase(winner) ? one : two;
      ClientStack.Node other = disputer == one ? two : one;
      assertThat(disputer.hunter()).isEqualToIgnoringCase(winner);

      // Bob's coverage hears it from the disputing tower: a tower-disputed notification.
      JsonNode heard =
          Await.value(
              "the tower-disputed notification",
              Duration.ofSeconds(60),
              () -> {
                pause();
                JsonNode coverage = ok(bobHome, "state", "coverage", channel, "--key", BOB_KEY);
                return stream(coverage.path("notifications"))
                        .anyMatch(n -> n.path("tower").asText().equals(disputer.url()))
                    ? coverage
                    : null;
              });
      JsonNode notice =
          stream(heard.path("notifications"))
              .filter(n -> n.path("tower").asText().equals(disputer.url()))
              .findFirst()
              .orElseThrow();
      assertThat(notice.path("kind").asText()).isEqualTo("tower-disputed");
      assertThat(notice.path("channelId").asText()).isEqualTo(channel);
      assertThat(notice.path("disputedNonce").asLong()).isEqualTo(2);
      assertThat(heard.path("latestNonce").asLong()).isEqualTo(2);
      assertThat(heard.path("holdingLatest").asInt()).isEqualTo(2);

      // An hour later the channel settles on nonce 2 and the hunter withdraws the bounty.
      world.anvil().increaseTime(3601);
      JsonNode hunter =
          Await.value(
              "the disputing tower's hunter withdrawing the bounty",
              Duration.ofSeconds(120),
              () -> {
                world.anvil().mine(1);
                pause();
                JsonNode status = hunterStatus(disputer, fromBlock);
                return new BigInteger(status.path("withdrawn").asText()).signum() > 0
                    ? status
                    : null;
              });
      assertThat(hunter.path("disputes")).hasSize(1);
      assertThat(hunter.path("disputes").get(0).path("channelId").asText()).isEqualTo(channel);
      assertThat(hunter.path("disputes").get(0).path("nonce").asLong()).isEqualTo(2);
      assertThat(hunter.path("bounties")).hasSize(1);
      assertThat(hunter.path("bounties").get(0).path("amount").asText())
          .isEqualTo(BOUNTY.toString());
      assertThat(hunter.path("earned").asText()).isEqualTo(BOUNTY.toString());
      assertThat(hunter.path("withdrawn").asText()).isEqualTo(BOUNTY.toString());
      assertThat(hunter.path("withdrawable").asText()).isEqualTo("0");
      JsonNode loser = hunterStatus(other, fromBlock);
      assertThat(loser.path("earned").asText()).isEqualTo("0");
      assertThat(loser.path("disputes")).isEmpty();

      // Settled on nonce 2: Bob may withdraw 0.5 ether, Alice, the stale closer, 0.4.
      JsonNode settled = ok(aliceHome, chain("channel", "status", channel, "--account", BOB));
      assertThat(settled.path("status").asText()).isEqualTo("CLOSED");
      assertThat(settled.path("withdrawable").asText()).isEqualTo(b2);
      JsonNode alice = ok(aliceHome, chain("channel", "status", channel, "--key", ALICE_KEY));
      assertThat(alice.path("withdrawable").asText())
          .isEqualTo(new BigInteger(a2).subtract(BOUNTY).toString());
      JsonNode withdraw =
          ok(bobHome, chain("channel", "withdraw", "--relay", one.url(), "--key", BOB_KEY));
      assertThat(withdraw.path("status").asText()).isEqualTo("CONFIRMED");
      assertThat(withdraw.path("amount").asText()).isEqualTo(b2);

      // Coverage now reports the channel settled (and the local store prunes it).
      JsonNode after = ok(bobHome, "state", "coverage", channel, "--key", BOB_KEY);
      assertThat(after.path("settled").asBoolean()).isTrue();
    }
  }

  private JsonNode hunterStatus(ClientStack.Node tower, long fromBlock) {
    return ok(
        bobHome,
        chain(
            "hunter",
            "status",
            "--hunter",
            tower.hunter(),
            "--from-block",
            Long.toString(fromBlock)));
  }

  private String sign(
      Path home, String channel, long nonce, String a, String b, String key, String signer) {
    JsonNode signed =
        ok(
            home,
            chain(
                "state",
                "sign",
                "--channel",
                channel,
                "--nonce",
                Long.toString(nonce),
                "--balance-a",
                a,
                "--balance-b",
                b,
                "--key",
                key));
    assertThat(signed.path("type").asText()).isEqualTo("State");
    assertThat(signed.path("nonce").asLong()).isEqualTo(nonce);
    assertThat(signed.path("signer").asText()).isEqualToIgnoringCase(signer);
    return signed.path("signature").asText();
  }

  /** A chain command's arguments with this stack's node and hub. */
  private String[] chain(String... args) {
    List<String> all = new ArrayList<>(List.of(args));
    all.addAll(List.of("--rpc", stack.rpcUrl(), "--hub", stack.hubAddress()));
    return all.toArray(String[]::new);
  }

  /** Runs the CLI with --json in a party's home; expects exit 0 and a JSON answer. */
  private static JsonNode ok(Path home, String... args) {
    Run run = cli(home, args);
    assertThat(run.exit())
        .as("vigil %s\nout: %s\nerr: %s", String.join(" ", args), run.out(), run.err())
        .isEqualTo(ExitCodes.OK);
    return run.json();
  }

  private static Run cli(Path home, String... args) {
    List<String> all = new ArrayList<>(List.of("--home", home.toString(), "--json"));
    all.addAll(List.of(args));
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int exit = VigilCli.run(new PrintWriter(out), new PrintWriter(err), all.toArray(String[]::new));
    return new Run(exit, out.toString(), err.toString());
  }

  private static Stream<JsonNode> stream(JsonNode array) {
    return StreamSupport.stream(array.spliterator(), false);
  }

  private static void pause() {
    try {
      Thread.sleep(250);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
