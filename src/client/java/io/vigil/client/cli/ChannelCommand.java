package io.vigil.client.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vigil.client.ErrorCode;
import io.vigil.client.VigilClientException;
import io.vigil.client.chain.ChainReader;
import io.vigil.client.chain.ChannelInfo;
import io.vigil.client.chain.ChannelStatus;
import io.vigil.client.http.JsonHttp;
import io.vigil.client.hub.HubCall;
import io.vigil.client.hub.HubTransactions;
import io.vigil.client.hub.States;
import io.vigil.client.relay.HubSender;
import io.vigil.client.sign.Signer;
import io.vigil.core.channel.ChannelId;
import io.vigil.core.channel.ChannelState;
import io.vigil.core.channel.SignedState;
import io.vigil.core.crypto.Address;
import io.vigil.core.crypto.Signature;
import io.vigil.core.crypto.SignatureCheck;
import java.math.BigInteger;
import java.util.concurrent.Callable;
import java.util.function.Function;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** The {@code vigil channel} commands: hub transactions sent through relays, and channel status. */
@Command(
    name = "channel",
    mixinStandardHelpOptions = true,
    description = "Channels on the hub: open, deposit, close, settle, withdraw, and their status.",
    subcommands = {
      ChannelCommand.Open.class,
      ChannelCommand.Deposit.class,
      ChannelCommand.Close.class,
      ChannelCommand.Settle.class,
      ChannelCommand.Withdraw.class,
      ChannelCommand.Status.class
    })
public final class ChannelCommand extends KitCommand {

  /** A command that signs one hub transaction and hands it to the relays. */
  abstract static class Sending extends KitCommand implements Callable<Integer> {
    @Mixin KeyOption key;
    @Mixin HubOptions hub;
    @Mixin RelayOptions relay;

    HubTransactions transactions() {
      return HubTransactions.of(hub.chainId(), hub.hub());
    }

    int send(HubCall call, Signer signer, Function<HubSender.Sent, ObjectNode> extra) {
      HubSender sender = new HubSender(hub.chain(), transactions(), relay.client(options()));
      HubSender.Sent sent = sender.send(call, signer, relay.waitTime());
      RelayedResults.noteRefusals(output(), sent.submission());
      ObjectNode json = extra.apply(sent);
      json.setAll(RelayedResults.json(sent));
      output().result(json, RelayedResults.text(json));
      return RelayedResults.exitCode(sent.outcome().orElse(null));
    }
  }

  @Command(
      name = "open",
      mixinStandardHelpOptions = true,
      description = "Open a channel with a partner.")
  static final class Open extends Sending {
    @Option(
        names = "--partner",
        required = true,
        paramLabel = "0xADDRESS",
        description = "Party B: the account you open the channel with.")
    String partner;

    @Option(
        names = "--deposit",
        required = true,
        paramLabel = "WEI",
        description = "Your first deposit (party A).")
    BigInteger deposit;

    @Option(
        names = "--challenge-period",
        required = true,
        paramLabel = "SECONDS",
        description = "How long a close can be disputed (at most 365 days).")
    long period;

    @Option(
        names = "--bounty",
        defaultValue = "0",
        paramLabel = "WEI",
        description = "What a closer proven stale forfeits (default ${DEFAULT-VALUE}).")
    BigInteger bounty;

    @Override
    public Integer call() {
      HubCall open = transactions().open(address(partner, "--partner"), period, bounty, deposit);
      return send(
          open,
          key.signer(),
          sent -> {
            ObjectNode json = JsonHttp.JSON.createObjectNode();
            sent.receipt()
                .flatMap(receipt -> ChainReader.openedChannel(receipt, hub.hub()))
                .ifPresentOrElse(
                    id -> json.put("channelId", id.hex()), () -> json.putNull("channelId"));
            return json;
          });
    }
  }

  @Command(
      name = "deposit",
      mixinStandardHelpOptions = true,
      description = "Add to your side of an open channel.")
  static final class Deposit extends Sending {
    @Parameters(index = "0", paramLabel = "CHANNEL", description = "The channel id (0x, 32 bytes).")
    String channel;

    @Option(names = "--amount", required = true, paramLabel = "WEI", description = "What to add.")
    BigInteger amount;

    @Override
    public Integer call() {
      ChannelId id = channelId(channel);
      return send(transactions().deposit(id, amount), key.signer(), sent -> withChannel(id));
    }
  }

  @Command(
      name = "close",
      mixinStandardHelpOptions = true,
      description = {
        "Close a channel: with a co-signed state (--nonce, --balance-a, --balance-b, --sig-a,"
            + " --sig-b), or with the opening state when no --nonce is given.",
        "With --cooperative, a FinalState both parties signed closes it at once."
      })
  static final class Close extends Sending {
    @Parameters(index = "0", paramLabel = "CHANNEL", description = "The channel id (0x, 32 bytes).")
    String channel;

    @Option(names = "--nonce", paramLabel = "N", description = "The co-signed state's nonce.")
    Long nonce;

    @Option(names = "--balance-a", paramLabel = "WEI", description = "Party A's balance.")
    BigInteger balanceA;

    @Option(names = "--balance-b", paramLabel = "WEI", description = "Party B's balance.")
    BigInteger balanceB;

    @Option(names = "--sig-a", paramLabel = "0xSIG", description = "Party A's signature.")
    String sigA;

    @Option(names = "--sig-b", paramLabel = "0xSIG", description = "Party B's signature.")
    String sigB;

    @Option(names = "--cooperative", description = "Close at once with a co-signed FinalState.")
    boolean cooperative;

    @Override
    public Integer call() {
      ChannelId id = channelId(channel);
      ChannelInfo info = hub.chain().channel(hub.hub(), id);
      if (info.status() != ChannelStatus.OPEN) {
        throw VigilClientException.of(
            ErrorCode.CONFLICT, "channel " + id + " is " + info.status() + ", not OPEN");
      }
      HubCall call;
      if (nonce == null) {
        if (cooperative || sigA != null || sigB != null) {
          throw VigilClientException.of(ErrorCode.USAGE, "a signed close needs --nonce");
        }
        call =
            transactions()
                .closeWithOpening(ChannelState.opening(id, info.depositA(), info.depositB()));
      } else {
        if (balanceA == null || balanceB == null || sigA == null || sigB == null) {
          throw VigilClientException.of(
              ErrorCode.USAGE, "with --nonce give --balance-a, --balance-b, --sig-a and --sig-b");
        }
        SignedState signed =
            SignedState.of(
                ChannelState.of(id, nonce, balanceA, balanceB),
                signature(sigA, "--sig-a"),
                signature(sigB, "--sig-b"));
        States states = States.forHub(hub.chainId(), hub.hub());
        SignatureCheck check =
            cooperative
                ? states.verifyFinal(signed, info.partyA(), info.partyB())
                : states.verify(signed, info.partyA(), info.partyB());
        if (!check.isValid()) {
          throw VigilClientException.of(
              ErrorCode.USAGE,
              "the hub would refuse these signatures"
                  + (cooperative ? " as a FinalState" : " as a State")
                  + ": "
                  + check);
        }
        call = cooperative ? transactions().cooperativeClose(signed) : transactions().close(signed);
      }
      return send(call, key.signer(), sent -> withChannel(id));
    }
  }

  @Command(
      name = "settle",
      mixinStandardHelpOptions = true,
      description = "Settle a closing channel after its deadline.")
  static final class Settle extends Sending {
    @Parameters(index = "0", paramLabel = "CHANNEL", description = "The channel id (0x, 32 bytes).")
    String channel;

    @Override
    public Integer call() {
      ChannelId id = channelId(channel);
      return send(transactions().settle(id), key.signer(), sent -> withChannel(id));
    }
  }

  @Command(
      name = "withdraw",
      mixinStandardHelpOptions = true,
      description = "Withdraw everything the hub credited to your key.")
  static final class Withdraw extends Sending {
    @Override
    public Integer call() {
      Signer signer = key.signer();
      BigInteger amount = hub.chain().withdrawable(hub.hub(), signer.address());
      if (amount.signum() == 0) {
        throw VigilClientException.of(
            ErrorCode.CONFLICT, "nothing to withdraw for " + signer.address());
      }
      return send(
          transactions().withdraw(),
          signer,
          sent -> JsonHttp.JSON.createObjectNode().put("amount", amount.toString()));
    }
  }

  @Command(
      name = "status",
      mixinStandardHelpOptions = true,
      description = "A channel as the hub holds it.")
  static final class Status extends KitCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "CHANNEL", description = "The channel id (0x, 32 bytes).")
    String channel;

    @Mixin HubOptions hub;

    @Option(
        names = "--account",
        paramLabel = "0xADDRESS",
        description = "Also show what this account may withdraw (default: the --key's address).")
    String account;

    @Option(
        names = "--key",
        paramLabel = "env:NAME|file:PATH|0xHEX",
        description = "Optional key whose withdrawable credit to show.")
    String key;

    @Override
    public Integer call() {
      ChannelId id = channelId(channel);
      ChainReader chain = hub.chain();
      ChannelInfo info = chain.channel(hub.hub(), id);
      ObjectNode json = JsonHttp.JSON.createObjectNode();
      json.put("channelId", id.hex());
      json.put("status", info.status().name());
      json.put("partyA", info.partyA().hex());
      json.put("partyB", info.partyB().hex());
      json.put("depositA", info.depositA().toString());
      json.put("depositB", info.depositB().toString());
      json.put("bounty", info.bounty().toString());
      json.put("challengePeriod", info.challengePeriod());
      json.put("nonce", info.nonce());
      json.put("deadline", info.deadline());
      if (info.status() == ChannelStatus.CLOSING) {
        json.put("closer", info.closer().hex());
        json.put("closingBalanceA", info.closingBalanceA().toString());
        json.put("closingBalanceB", info.closingBalanceB().toString());
        json.put("bountyTo", info.bountyTo().hex());
      }
      Address who = account != null ? address(account, "--account") : null;
      if (who == null && key != null) {
        KeyOption option = new KeyOption();
        option.key = key;
        who = option.signer().address();
      }
      if (who != null) {
        json.put("account", who.hex());
        json.put("withdrawable", chain.withdrawable(hub.hub(), who).toString());
      }
      if (!info.exists()) {
        output().result(json, "channel " + id + ": unknown to the hub");
        return ExitCodes.REFUSED;
      }
      output().result(json, RelayedResults.text(json));
      return ExitCodes.OK;
    }
  }

  static ObjectNode withChannel(ChannelId id) {
    return JsonHttp.JSON.createObjectNode().put("channelId", id.hex());
  }

  static ChannelId channelId(String text) {
    if (!ChannelId.isValid(text)) {
      throw VigilClientException.of(
          ErrorCode.USAGE, "a channel id is 0x and 64 hex digits: " + text);
    }
    return ChannelId.of(text);
  }

  static Address address(String text, String option) {
    if (!Address.isValid(text)) {
      throw VigilClientException.of(ErrorCode.USAGE, option + " is not an address: " + text);
    }
    return Address.of(text);
  }

  static Signature signature(String text, String option) {
    try {
      return Signature.parse(text);
    } catch (IllegalArgumentException malformed) {
      throw VigilClientException.of(ErrorCode.USAGE, option + ": " + malformed.getMessage());
    }
  }
}
