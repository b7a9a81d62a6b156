package io.vigil.core.contract;

import static io.vigil.testsupport.HubFixture.ETHER;
import static io.vigil.testsupport.HubFixture.toContract;
import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.core.chain.HubEvent;
import io.vigil.core.channel.ChannelId;
import io.vigil.core.channel.ChannelState;
import io.vigil.core.channel.SignedState;
import io.vigil.core.crypto.PrivateKey;
import io.vigil.testsupport.HubFixture;
import io.vigil.testsupport.OnPrivateHubChain;
import io.vigil.testsupport.contract.ChannelHub;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.web3j.protocol.core.methods.response.TransactionReceipt;

/**
 * Gas of every hub function, read from the receipts of real transactions on anvil, in the worst
 * case the function meets in service (fresh accounts, so every credit is a first write). Fails when
 * a figure rises above its budget, and writes docs/gas.md next to the Raiden and Nitro anchors.
 */
class HubGasIT extends OnPrivateHubChain {

  /** Budgets from the issue: each at or below the best-known comparable implementation. */
  static final Map<String, Long> BUDGETS =
      Map.of("open", 100_000L, "close", 100_000L, "dispute", 90_000L, "settle", 90_000L);

  static final Map<String, String> ANCHORS =
      Map.of(
          "open", "Raiden openChannel 111,094",
          "close", "Raiden closeChannel 118,501",
          "dispute", "Raiden updateNonClosingBalanceProof 90,516; Nitro challenge 113,146",
          "settle", "Raiden settleChannel 108,569");

  record Measurement(String function, String scenario, long gas) {}

  private static final long PERIOD = 3_600;
  private static final BigInteger BOUNTY = ETHER.divide(BigInteger.TEN);
  private static final byte[] NONE = new byte[0];
  private static final List<Measurement> MEASURED = new ArrayList<>();

  private static int nextAccount = 1;

  @AfterAll
  static void report() throws IOException {
    writeReport();
  }

  @Test
  void shouldStayWithinGasBudgetsOnEveryPath() throws Exception {
    // Undisputed life: open, deposit, checkpoint, close with the opening state, settle.
    PrivateKey a = freshAccount();
    PrivateKey b = freshAccount();
    TransactionReceipt opened =
        hub.as(a).open(b.address().hex(), BigInteger.valueOf(PERIOD), BOUNTY, ETHER).send();
    record("open", "first channel of the pair, with deposit and bounty", opened);
    ChannelId id = ((HubEvent.ChannelOpened) HubFixture.events(opened).get(0)).channelId();
    record("deposit", "partner's first deposit", hub.as(b).deposit(id.toBytes(), ETHER).send());
    record(
        "checkpoint",
        "co-signed state, nonce 1",
        call("checkpoint", hub.sign(state(id, 1, "1.2", "0.8"), a, b), a, null));
    record(
        "close",
        "co-signed state (nonce 2)",
        call("close", hub.sign(state(id, 2, "1.1", "0.9"), a, b), a, null));
    record("settle", "no dispute, both parties credited for the first time", settleAfterPeriod(id));
    record("withdraw", "full credit", hub.as(a).withdraw().send());

    // Opening-state close (no signatures).
    PrivateKey c = freshAccount();
    PrivateKey d = freshAccount();
    ChannelId second = hub.open(c, d, ETHER, ETHER, PERIOD, BOUNTY);
    record(
        "close",
        "opening state (nonce 0), no signatures",
        hub.as(c).close(toContract(ChannelState.opening(second, ETHER, ETHER)), NONE, NONE).send());

    // Stale close, dispute by an authorized hunter who has never been credited, then settle.
    PrivateKey e = freshAccount();
    PrivateKey f = freshAccount();
    PrivateKey hunter = freshAccount();
    ChannelId third = hub.open(e, f, ETHER, ETHER, PERIOD, BOUNTY);
    call("close", hub.sign(state(third, 3, "1.8", "0.2"), e, f), e, null);
    record(
        "dispute",
        "authorized hunter (first credit slot)",
        authorizedDispute(third, hub.sign(state(third, 9, "0.5", "1.5"), e, f), hunter, f));
    record(
        "dispute",
        "second dispute, no authorization (bounty to the non-closing party)",
        call("dispute", hub.sign(state(third, 10, "0.4", "1.6"), e, f), freshAccount(), NONE));
    record(
        "settle",
        "after a dispute: closer, non-closer and bounty credited",
        settleAfterPeriod(third));

    // Dispute whose hunter is paid for the first time at settle.
    PrivateKey g = freshAccount();
    PrivateKey h = freshAccount();
    PrivateKey hunter2 = freshAccount();
    ChannelId fourth = hub.open(g, h, ETHER, ETHER, PERIOD, BOUNTY);
    call("close", hub.sign(state(fourth, 1, "1.5", "0.5"), g, h), g, null);
    authorizedDispute(fourth, hub.sign(state(fourth, 2, "1", "1"), g, h), hunter2, h);
    record(
        "settle", "after an authorized dispute: hunter paid a bounty", settleAfterPeriod(fourth));

    // Cooperative close.
    PrivateKey i = freshAccount();
    PrivateKey j = freshAccount();
    ChannelId fifth = hub.open(i, j, ETHER, ETHER, PERIOD, BOUNTY);
    ChannelState last = state(fifth, 4, "0.7", "1.3");
    record(
        "cooperativeClose",
        "final state, both credited for the first time",
        HubCalls.cooperativeClose(hub.as(i), hub.eip712(), last, i, j).send());

    for (Measurement m : MEASURED) {
      Long budget = BUDGETS.get(m.function());
      if (budget != null) {
        assertThat(m.gas())
            .as("%s (%s) must stay within its budget", m.function(), m.scenario())
            .isLessThanOrEqualTo(budget);
      }
    }
    assertThat(MEASURED)
        .extracting(Measurement::function)
        .contains(
            "open",
            "deposit",
            "checkpoint",
            "close",
            "dispute",
            "settle",
            "withdraw",
            "cooperativeClose");
  }

  private static PrivateKey freshAccount() {
    PrivateKey key = PrivateKey.of(BigInteger.valueOf(0x5eed_0000L + nextAccount++));
    anvil.rpc(
        "anvil_setBalance",
        "[\""
            + key.address().hex()
            + "\",\"0x"
            + ETHER.multiply(BigInteger.TEN).toString(16)
            + "\"]");
    return key;
  }

  private static TransactionReceipt call(
      String function, SignedState signed, PrivateKey sender, byte[] authorization)
      throws Exception {
    ChannelHub as = hub.as(sender);
    ChannelHub.State s = toContract(signed.state());
    byte[] sigA = signed.signatureA().toBytes();
    byte[] sigB = signed.signatureB().toBytes();
    return switch (function) {
      case "checkpoint" -> as.checkpoint(s, sigA, sigB).send();
      case "close" -> as.close(s, sigA, sigB).send();
      case "dispute" -> as.dispute(s, sigA, sigB, authorization).send();
      default -> throw new IllegalArgumentException(function);
    };
  }

  /** A dispute with {@code signed} by {@code hunter}, authorized by {@code party}. */
  private static TransactionReceipt authorizedDispute(
      ChannelId id, SignedState signed, PrivateKey hunter, PrivateKey party) throws Exception {
    return call(
        "dispute", signed, hunter, hub.authorizeHunter(id, hunter.address(), party).toBytes());
  }

  /** Lets the challenge period of {@code id} pass and settles it from a fresh account. */
  private static TransactionReceipt settleAfterPeriod(ChannelId id) throws Exception {
    hub.advanceTime(PERIOD + 1);
    return hub.as(freshAccount()).settle(id.toBytes()).send();
  }

  private static ChannelState state(ChannelId id, long nonce, String a, String b) {
    return ChannelState.of(id, nonce, ChannelHubIT.ether(a), ChannelHubIT.ether(b));
  }

  private static void record(String function, String scenario, TransactionReceipt receipt) {
    assertThat(receipt.isStatusOK()).as("%s succeeded", function).isTrue();
    MEASURED.add(new Measurement(function, scenario, receipt.getGasUsed().longValueExact()));
  }

  private static void writeReport() throws IOException {
    if (MEASURED.isEmpty()) {
      return;
    }
    Map<String, Long> worst = new LinkedHashMap<>();
    for (Measurement m : MEASURED) {
      worst.merge(m.function(), m.gas(), Math::max);
    }
    StringBuilder doc = new StringBuilder();
    doc.append("# Gas used by the channel hub\n\n")
        .append("Written by `HubGasIT` from the receipts of real transactions on anvil ")
        .append("(solc 0.8.37, optimizer 10,000 runs, EVM prague). Accounts are fresh, so every ")
        .append("credit is a first write: the worst case a function meets. The test fails when a ")
        .append("figure rises above its budget. Regenerate: ")
        .append(
            "`mvn -B verify -Dtest=None -Dit.test=HubGasIT -Dsurefire.failIfNoSpecifiedTests=false`.\n\n")
        .append("## Against the budgets\n\n")
        .append("| function | worst measured | budget | anchor |\n|---|---:|---:|---|\n");
    for (String function : List.of("open", "close", "dispute", "settle")) {
      doc.append("| `")
          .append(function)
          .append("` | ")
          .append(String.format("%,d", worst.getOrDefault(function, 0L)))
          .append(" | ")
          .append(String.format("%,d", BUDGETS.get(function)))
          .append(" | ")
          .append(ANCHORS.get(function))
          .append(" |\n");
    }
    doc.append("\n## Every measurement\n\n| function | scenario | gas |\n|---|---|---:|\n");
    for (Measurement m : MEASURED) {
      doc.append("| `")
          .append(m.function())
          .append("` | ")
          .append(m.scenario())
          .append(" | ")
          .append(String.format("%,d", m.gas()))
          .append(" |\n");
    }
    doc.append(
        "\nFigures include the 21,000 intrinsic gas and calldata. Signature-carrying calls"
            + " (checkpoint, close, dispute, cooperativeClose) pay two or three `ecrecover`"
            + " (3,000 each) plus about 65 bytes of calldata per signature.\n");
    Path file = Path.of("docs", "gas.md");
    Files.createDirectories(file.getParent());
    Files.writeString(file, doc.toString());
  }
}
