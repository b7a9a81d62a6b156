package io.vigil.client.cli;

import io.vigil.client.ErrorCode;
import io.vigil.client.VigilClientException;
import io.vigil.client.tower.DelegationPolicy;
import io.vigil.client.tower.DelegationReport;
import io.vigil.core.channel.ChannelId;
import io.vigil.core.channel.ChannelState;
import io.vigil.core.channel.SignedState;
import io.vigil.core.crypto.Signature;
import java.math.BigInteger;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * The {@code vigil state delegate} command: hand a channel's latest co-signed state to every tower.
 * Exit 0 when at least {@code --min-towers} acknowledged it, 6 when fewer did but the rest have it
 * queued for retry, 4 when a tower answered with a wrong receipt, 1 when towers refused it.
 */
@Command(
    name = "delegate",
    mixinStandardHelpOptions = true,
    description =
        "Delegate a co-signed state to your towers; each receipt is checked against the tower's"
            + " pinned key.")
public final class StateDelegateCommand extends KitCommand implements Callable<Integer> {

  @Option(names = "--channel", required = true, description = "Channel id, 0x and 64 hex digits.")
  String channel;

  @Option(names = "--nonce", required = true, description = "The state's nonce.")
  long nonce;

  @Option(names = "--balance-a", required = true, description = "Party A's balance, in wei.")
  BigInteger balanceA;

  @Option(names = "--balance-b", required = true, description = "Party B's balance, in wei.")
  BigInteger balanceB;

  @Option(names = "--sig-a", required = true, description = "Party A's EIP-712 State signature.")
  String sigA;

  @Option(names = "--sig-b", required = true, description = "Party B's EIP-712 State signature.")
  String sigB;

  @Option(
      names = "--min-towers",
      defaultValue = "0",
      description = "Acknowledgments needed for success; 0 (default) means every tower.")
  int minTowers;

  @Option(
      names = "--counterparty-policy",
      defaultValue = "warn",
      description =
          "A tower whose hunter or receipt signer is the channel's counterparty: warn (default)"
              + " or refuse (do not send to it).")
  String counterpartyPolicy;

  @Mixin KeyOption key;

  @Override
  public Integer call() {
    SignedState signed = signedState();
    DelegationPolicy policy = DelegationPolicy.of(minTowers, rule());
    try (TowerKit kit = TowerKit.open(options())) {
      DelegationReport report = kit.towers.delegate(signed, key.signer(), policy);
      report.warnings().forEach(w -> output().note("warning: " + w));
      String text =
          report.outcomes().stream().map(TowerViews::outcomeLine).collect(Collectors.joining("\n"))
              + "\n"
              + report.acknowledged()
              + " of "
              + report.required()
              + " required acknowledgments"
              + (report.queued() > 0 ? ", " + report.queued() + " queued for retry" : "");
      output().result(TowerViews.report(report), text);
      if (report.misbehaved()) {
        return ExitCodes.MISBEHAVING;
      }
      return report.met() ? ExitCodes.OK : report.partial() ? ExitCodes.PARTIAL : ExitCodes.REFUSED;
    }
  }

  private SignedState signedState() {
    try {
      return SignedState.of(
          ChannelState.of(ChannelId.of(channel), nonce, balanceA, balanceB),
          Signature.parse(sigA),
          Signature.parse(sigB));
    } catch (IllegalArgumentException malformed) {
      throw VigilClientException.of(ErrorCode.USAGE, malformed.getMessage());
    }
  }

  private DelegationPolicy.CounterpartyRule rule() {
    return switch (counterpartyPolicy) {
      case "warn" -> DelegationPolicy.CounterpartyRule.WARN;
      case "refuse" -> DelegationPolicy.CounterpartyRule.REFUSE;
      default ->
          throw VigilClientException.of(
              ErrorCode.USAGE,
              "--counterparty-policy is warn or refuse, not " + counterpartyPolicy);
    };
  }
}
