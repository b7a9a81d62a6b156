package io.vigil.client.hub;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vigil.client.ClientStack;
import io.vigil.client.chain.ChainReader;
import io.vigil.client.chain.ChannelStatus;
import io.vigil.client.cli.ExitCodes;
import io.vigil.client.cli.VigilCli;
import io.vigil.client.http.JsonHttp;
import io.vigil.client.relay.HubSender;
import io.vigil.client.relay.RelayAnswer;
import io.vigil.client.relay.RelayClient;
import io.vigil.client.relay.RelayOutcome;
import io.vigil.client.relay.Submission;
import io.vigil.client.sign.KeySigner;
import io.vigil.core.channel.ChannelId;
import io.vigil.core.channel.ChannelState;
import io.vigil.core.channel.SignedState;
import io.vigil.core.crypto.Address;
import io.vigil.testsupport.Await;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.math.BigInteger;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A channel's whole life driven by the client kit's CLI against a real Vigil (all roles) and its
 * own anvil: opened, topped up, closed with a co-signed state, settled and withdrawn, every
 * transaction signed by the client and sent through the relay, with the balances checked on chain;
 * a submission to two relays, one down; and a hunter's bounty as {@code vigil hunter status} shows
 * it.
 */
class ChannelThroughRelayIT {

  private static final BigInteger ETHER = BigInteger.TEN.pow(18);
  private static final String ALICE_KEY = ClientStack.partyKey(1);
  private static final String BOB_KEY = ClientStack.partyKey(2);

  private static ClientStack stack;
  private static ClientStack.Node vigil;
  private static Path home;

  @BeforeAll
  static void start() throws Exception {
    stack = new ClientStack();
    vigil = stack.startNode("client-hub");
  }

  /** Each test has its own client store, so the journal holds only its own submissions. */
  @BeforeEach
  void freshHome() throws Exception {
    home = Files.createTempDirectory("vigil-client-hub");
  }

  @AfterAll
  static void stop() {
    if (stack != null) {
      stack.close();
    }
  }

  @Test
  void shouldOpenDepositCloseSettleAndWithdrawThroughTheRelay() throws Exception {
    ChainReader chain = ChainReader.of(stack.rpcUrl());
    Address alice = KeySigner.of(ALICE_KEY).address();
    Address bob = KeySigner.of(BOB_KEY).address();
    Address hub = Address.of(stack.hubAddress());

    // Open through two relays, one of them down: the live one carries it.
    String dead = deadUrl();
    JsonNode open =
        ok(
            "channel",
            "open",
            "--partner",
            bob.hex(),
            "--deposit",
            ETHER.toString(),
            "--challenge-period",
            "3600",
            "--bounty",
            ETHER.divide(BigInteger.TEN).toString(),
            "--relay",
            dead,
            "--relay",
            vigil.url(),
            "--key",
            ALICE_KEY);
    assertThat(open.get("status").asText()).isEqualTo("CONFIRMED");
    List<String> accepted = new ArrayList<>();
    open.get("relays")
        .forEach(
            r -> {
              if (r.get("accepted").asBoolean()) accepted.add(r.get("relay").asText());
            });
    assertThat(accepted).containsExactly(vigil.url());
    ChannelId channel = ChannelId.of(open.get("channelId").asText());

    JsonNode deposit =
        ok(
            "channel",
            "deposit",
            channel.hex(),
            "--amount",
            ETHER.divide(BigInteger.TWO).toString(),
            "--relay",
            vigil.url(),
            "--key",
            BOB_KEY);
    assertThat(deposit.get("status").asText()).isEqualTo("CONFIRMED");

    JsonNode opened = ok("channel", "status", channel.hex(), "--account", alice.hex());
    assertThat(opened.get("status").asText()).isEqualTo("OPEN");
    assertThat(opened.get("partyA").asText()).isEqualTo(alice.hex());
    assertThat(opened.get("partyB").asText()).isEqualTo(bob.hex());
    assertThat(opened.get("depositA").asText()).isEqualTo(ETHER.toString());
    assertThat(opened.get("depositB").asText()).isEqualTo(ETHER.divide(BigInteger.TWO).toString());
    assertThat(opened.get("challengePeriod").asLong()).isEqualTo(3600);

    // Alice paid Bob 0.3 ether: both sign nonce 1, Alice closes with it.
    String balanceA = new BigInteger("700000000000000000").toString();
    String balanceB = new BigInteger("800000000000000000").toString();
    String sigA = sign(channel, 1, balanceA, balanceB, ALICE_KEY);
    String sigB = sign(channel, 1, balanceA, balanceB, BOB_KEY);
    JsonNode close =
        ok(
            "channel",
            "close",
            channel.hex(),
            "--nonce",
            "1",
            "--balance-a",
            balanceA,
            "--balance-b",
            balanceB,
            "--sig-a",
            sigA,
            "--sig-b",
            sigB,
            "--relay",
            vigil.url(),
            "--key",
            ALICE_KEY);
    assertThat(close.get("status").asText()).isEqualTo("CONFIRMED");
    var closing = chain.channel(hub, channel);
    assertThat(closing.status()).isEqualTo(ChannelStatus.CLOSING);
    assertThat(closing.nonce()).isEqualTo(1);
    assertThat(closing.closer()).isEqualTo(alice);
    assertThat(closing.closingBalanceB()).isEqualTo(new BigInteger(balanceB));

    // Settling before the deadline would revert: the relay refuses it and nothing is sent.
    Run early =
        vigil(
            "--json", "channel", "settle", channel.hex(), "--relay", vigil.url(), "--key", BOB_KEY);
    assertThat(early.exit()).as(early.out()).isEqualTo(ExitCodes.REFUSED);
    assertThat(early.out()).contains("ChallengePeriodNotOver");

    stack.anvil().increaseTime(3601);
    stack.anvil().mine(1);
    JsonNode settle =
        ok("channel", "settle", channel.hex(), "--relay", vigil.url(), "--key", BOB_KEY);
    assertThat(settle.get("status").asText()).isEqualTo("CONFIRMED");

    JsonNode settled = ok("channel", "status", channel.hex(), "--key", ALICE_KEY);
    assertThat(settled.get("status").asText()).isEqualTo("CLOSED");
    assertThat(settled.get("withdrawable").asText()).isEqualTo(balanceA);
    assertThat(chain.withdrawable(hub, bob)).isEqualTo(new BigInteger(balanceB));

    BigInteger before = chain.balance(alice);
    JsonNode withdraw = ok("channel", "withdraw", "--relay", vigil.url(), "--key", ALICE_KEY);
    assertThat(withdraw.get("status").asText()).isEqualTo("CONFIRMED");
    assertThat(withdraw.get("amount").asText()).isEqualTo(balanceA);
    BigInteger fee = chain.receipt(withdraw.get("txHash").asText()).orElseThrow().fee();
    assertThat(chain.balance(alice)).isEqualTo(before.add(new BigInteger(balanceA)).subtract(fee));
    assertThat(chain.withdrawable(hub, alice)).isZero();

    // The journal lists every submission with its last status.
    JsonNode journal = ok("relay", "status");
    List<String> statuses = new ArrayList<>();
    journal.get("submissions").forEach(row -> statuses.add(row.get("status").asText()));
    assertThat(statuses).hasSize(5).containsOnly("CONFIRMED");
  }

  @Test
  void shouldSubmitThroughTheLiveRelayWhenTheOtherIsDown() throws Exception {
    KeySigner carol = KeySigner.of(ClientStack.partyKey(3));
    KeySigner dave = KeySigner.of(ClientStack.partyKey(4));
    ChainReader chain = ChainReader.of(stack.rpcUrl());
    HubTransactions hub = HubTransactions.of(stack.chainId(), Address.of(stack.hubAddress()));
    SignedTransaction open =
        hub.sign(
            hub.open(dave.address(), 600, BigInteger.ZERO, ETHER),
            chain.pendingNonce(carol.address()),
            chain.suggestFees(),
            carol);
    RelayClient relays =
        RelayClient.of(deadUrl(), vigil.url()).withPollInterval(Duration.ofMillis(100));

    long started = System.nanoTime();
    Submission submission = relays.submit(open);
    assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(10));

    assertThat(submission.accepted()).extracting(RelayAnswer::relay).containsExactly(vigil.url());
    assertThat(submission.notAccepted()).hasSize(1);
    RelayOutcome outcome = relays.awaitFinal(submission.requestId(), Duration.ofSeconds(60));
    assertThat(outcome).isInstanceOf(RelayOutcome.Confirmed.class);
    var receipt = chain.receipt(open.txHash()).orElseThrow();
    assertThat(receipt.succeeded()).isTrue();
    ChannelId channel =
        ChainReader.openedChannel(receipt, Address.of(stack.hubAddress())).orElseThrow();
    var info = chain.channel(Address.of(stack.hubAddress()), channel);
    assertThat(info.partyA()).isEqualTo(carol.address());
    assertThat(info.depositA()).isEqualTo(ETHER);
  }

  @Test
  void shouldShowTheBountyVigilsHunterEarnedFromAStaleClose() throws Exception {
    ChainReader chain = ChainReader.of(stack.rpcUrl());
    Address hubAddress = Address.of(stack.hubAddress());
    KeySigner alice = KeySigner.of(ALICE_KEY);
    KeySigner bob = KeySigner.of(BOB_KEY);
    HubTransactions hub = HubTransactions.of(stack.chainId(), hubAddress);
    HubSender sender = new HubSender(chain, hub, RelayClient.of(vigil.url()));
    BigInteger bounty = ETHER.divide(BigInteger.TEN);
    long fromBlock = chain.blockNumber();

    HubSender.Sent opened =
        sender.send(hub.open(bob.address(), 3600, bounty, ETHER), alice, Duration.ofSeconds(60));
    ChannelId channel =
        ChainReader.openedChannel(opened.receipt().orElseThrow(), hubAddress).orElseThrow();
    States states = States.forHub(stack.chainId(), hubAddress);
    ChannelState stale =
        ChannelState.of(
            channel,
            1,
            ETHER.multiply(BigInteger.valueOf(8)).divide(BigInteger.TEN),
            ETHER.multiply(BigInteger.TWO).divide(BigInteger.TEN));
    ChannelState latest =
        ChannelState.of(channel, 2, ETHER.divide(BigInteger.TWO), ETHER.divide(BigInteger.TWO));

    // Bob delegates the latest state and authorizes Vigil's hunter to collect the bounty.
    ObjectNode delegation = JsonHttp.JSON.createObjectNode();
    delegation.put("chainId", stack.chainId());
    delegation
        .putObject("state")
        .put("channelId", channel.hex())
        .put("nonce", "2")
        .put("balanceA", latest.balanceA().toString())
        .put("balanceB", latest.balanceB().toString());
    delegation.put("sigA", states.sign(latest, alice).hex());
    delegation.put("sigB", states.sign(latest, bob).hex());
    delegation
        .putObject("hunterAuthorization")
        .put("hunter", vigil.hunter())
        .put("signature", states.authorizeHunter(channel, Address.of(vigil.hunter()), bob).hex());
    JsonHttp watcher = new JsonHttp(vigil.url());
    Await.until(
        "the delegation accepted once the watcher has seen the channel",
        Duration.ofSeconds(60),
        () -> watcher.post("/v1/watcher/delegations", delegation).status() < 300);

    // Alice closes with the stale state; Vigil disputes, settles and withdraws the bounty.
    SignedState staleSigned =
        states.coSigned(stale, states.sign(stale, alice), states.sign(stale, bob));
    sender.send(hub.close(staleSigned), alice, Duration.ofSeconds(60));
    Await.until(
        "Vigil's dispute with nonce 2",
        Duration.ofSeconds(120),
        () -> chain.channel(hubAddress, channel).nonce() == 2);
    stack.anvil().increaseTime(3601);
    JsonNode status =
        Await.value(
            "the hunter's bounty withdrawn",
            Duration.ofSeconds(120),
            () -> {
              stack.anvil().mine(1);
              pause();
              JsonNode json =
                  ok(
                      "hunter",
                      "status",
                      "--hunter",
                      vigil.hunter(),
                      "--from-block",
                      Long.toString(fromBlock));
              return new BigInteger(json.get("withdrawn").asText()).signum() > 0 ? json : null;
            });

    assertThat(status.get("disputes")).hasSize(1);
    assertThat(status.get("disputes").get(0).get("channelId").asText()).isEqualTo(channel.hex());
    assertThat(status.get("disputes").get(0).get("nonce").asLong()).isEqualTo(2);
    assertThat(status.get("bounties")).hasSize(1);
    assertThat(status.get("bounties").get(0).get("amount").asText()).isEqualTo(bounty.toString());
    assertThat(status.get("earned").asText()).isEqualTo(bounty.toString());
    assertThat(status.get("withdrawn").asText()).isEqualTo(bounty.toString());
    assertThat(status.get("withdrawable").asText()).isEqualTo("0");
    assertThat(status.get("awaitingSettlement")).isEmpty();
  }

  @Test
  void shouldCheckpointThroughAStatePostAndCloseCooperatively() {
    ChainReader chain = ChainReader.of(stack.rpcUrl());
    Address hub = Address.of(stack.hubAddress());
    String carolKey = ClientStack.partyKey(3);
    String daveKey = ClientStack.partyKey(4);
    Address carol = KeySigner.of(carolKey).address();
    Address dave = KeySigner.of(daveKey).address();
    JsonNode open =
        ok(
            "channel",
            "open",
            "--partner",
            dave.hex(),
            "--deposit",
            ETHER.toString(),
            "--challenge-period",
            "600",
            "--relay",
            vigil.url(),
            "--key",
            carolKey);
    ChannelId channel = ChannelId.of(open.get("channelId").asText());

    // The relay posts a co-signed checkpoint from its own post key.
    String a1 = "900000000000000000";
    String b1 = "100000000000000000";
    JsonNode checkpoint =
        ok(
            "relay",
            "submit",
            "--state",
            "--action",
            "checkpoint",
            "--channel",
            channel.hex(),
            "--nonce",
            "1",
            "--balance-a",
            a1,
            "--balance-b",
            b1,
            "--sig-a",
            sign(channel, 1, a1, b1, carolKey),
            "--sig-b",
            sign(channel, 1, a1, b1, daveKey),
            "--relay",
            vigil.url());
    assertThat(checkpoint.get("status").asText()).isEqualTo("CONFIRMED");
    assertThat(checkpoint.get("requestId").asText())
        .isEqualTo("state:checkpoint:" + channel.hex() + ":1");
    assertThat(chain.channel(hub, channel).nonce()).isEqualTo(1);

    // A State signature is refused as a FinalState before anything is sent.
    String a2 = "600000000000000000";
    String b2 = "400000000000000000";
    Run wrongType =
        vigil(
            "--json",
            "channel",
            "close",
            channel.hex(),
            "--cooperative",
            "--nonce",
            "2",
            "--balance-a",
            a2,
            "--balance-b",
            b2,
            "--sig-a",
            sign(channel, 2, a2, b2, carolKey),
            "--sig-b",
            sign(channel, 2, a2, b2, daveKey),
            "--relay",
            vigil.url(),
            "--key",
            carolKey);
    assertThat(wrongType.exit()).isEqualTo(ExitCodes.USAGE);
    assertThat(chain.channel(hub, channel).status()).isEqualTo(ChannelStatus.OPEN);

    JsonNode close =
        ok(
            "channel",
            "close",
            channel.hex(),
            "--cooperative",
            "--nonce",
            "2",
            "--balance-a",
            a2,
            "--balance-b",
            b2,
            "--sig-a",
            signFinal(channel, 2, a2, b2, carolKey),
            "--sig-b",
            signFinal(channel, 2, a2, b2, daveKey),
            "--relay",
            vigil.url(),
            "--key",
            carolKey);
    assertThat(close.get("status").asText()).isEqualTo("CONFIRMED");
    assertThat(chain.channel(hub, channel).status()).isEqualTo(ChannelStatus.CLOSED);
    assertThat(chain.withdrawable(hub, dave)).isEqualTo(new BigInteger(b2));
  }

  private static String signFinal(ChannelId channel, long nonce, String a, String b, String key) {
    return ok(
            "state",
            "sign",
            "--final",
            "--channel",
            channel.hex(),
            "--nonce",
            Long.toString(nonce),
            "--balance-a",
            a,
            "--balance-b",
            b,
            "--key",
            key)
        .get("signature")
        .asText();
  }

  private static void pause() {
    try {
      Thread.sleep(250);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static String sign(ChannelId channel, long nonce, String a, String b, String key) {
    return ok(
            "state",
            "sign",
            "--channel",
            channel.hex(),
            "--nonce",
            Long.toString(nonce),
            "--balance-a",
            a,
            "--balance-b",
            b,
            "--key",
            key)
        .get("signature")
        .asText();
  }

  record Run(int exit, String out, String err) {}

  /** Runs the CLI with --json against this stack's node and hub; expects exit 0. */
  private static JsonNode ok(String... args) {
    List<String> all = new ArrayList<>(List.of("--json"));
    all.addAll(List.of(args));
    Run run = vigil(all.toArray(String[]::new));
    assertThat(run.exit())
        .as("vigil %s\nout: %s\nerr: %s", String.join(" ", args), run.out(), run.err())
        .isZero();
    try {
      return new ObjectMapper().readTree(run.out());
    } catch (java.io.IOException notJson) {
      throw new AssertionError("not JSON: " + run.out(), notJson);
    }
  }

  private static Run vigil(String... args) {
    List<String> all = new ArrayList<>(List.of("--home", home.toString()));
    all.addAll(List.of(args));
    // Only the channel, state and hunter commands talk to the chain.
    if (!List.of(args).contains("relay") || List.of(args).contains("channel")) {
      all.addAll(List.of("--rpc", stack.rpcUrl(), "--hub", stack.hubAddress()));
    }
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int exit = VigilCli.run(new PrintWriter(out), new PrintWriter(err), all.toArray(String[]::new));
    return new Run(exit, out.toString(), err.toString());
  }

  private static String deadUrl() throws Exception {
    try (ServerSocket socket = new ServerSocket(0)) {
      return "http://127.0.0.1:" + socket.getLocalPort();
    }
  }
}
