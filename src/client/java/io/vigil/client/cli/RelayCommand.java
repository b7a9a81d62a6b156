package io.vigil.client.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vigil.client.ErrorCode;
import io.vigil.client.VigilClientException;
import io.vigil.client.http.JsonHttp;
import io.vigil.client.hub.HubTransactions;
import io.vigil.client.hub.SignedTransaction;
import io.vigil.client.relay.RelayClient;
import io.vigil.client.relay.RelayJournal;
import io.vigil.client.relay.RelayOutcome;
import io.vigil.client.relay.RelayStatus;
import io.vigil.client.relay.Submission;
import io.vigil.core.channel.ChannelState;
import java.math.BigInteger;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** The {@code vigil relay} commands. */
@Command(
    name = "relay",
    mixinStandardHelpOptions = true,
    description = "Transaction relays: submit signed transactions or states, follow them to final.",
    subcommands = {RelayCommand.Submit.class, RelayCommand.Status.class})
public final class RelayCommand extends KitCommand {

  @Command(
      name = "submit",
      mixinStandardHelpOptions = true,
      description = {
        "Hand a signed hub transaction (--raw) or a co-signed state (--state, posted from the"
            + " relay's own account) to every relay; succeeds when one accepts.",
        "Waits for a final status unless --no-wait."
      })
  static final class Submit extends KitCommand implements Callable<Integer> {
    @Mixin RelayOptions relay;

    @Option(names = "--raw", paramLabel = "0xHEX", description = "A signed transaction.")
    String raw;

    @Option(names = "--state", description = "Post a co-signed state instead.")
    boolean state;

    @Option(names = "--action", paramLabel = "checkpoint|cooperativeClose|close")
    String action;

    @Option(names = "--channel", paramLabel = "0xID")
    String channel;

    @Option(names = "--nonce")
    Long nonce;

    @Option(names = "--balance-a", paramLabel = "WEI")
    BigInteger balanceA;

    @Option(names = "--balance-b", paramLabel = "WEI")
    BigInteger balanceB;

    @Option(names = "--sig-a", paramLabel = "0xSIG")
    String sigA;

    @Option(names = "--sig-b", paramLabel = "0xSIG")
    String sigB;

    @Override
    public Integer call() {
      if ((raw == null) == !state) {
        throw VigilClientException.of(ErrorCode.USAGE, "give either --raw or --state");
      }
      RelayClient client = relay.client(options());
      Submission submission;
      if (raw != null) {
        SignedTransaction transaction;
        try {
          transaction = HubTransactions.decode(raw.trim());
        } catch (IllegalArgumentException malformed) {
          throw VigilClientException.of(ErrorCode.USAGE, "--raw: " + malformed.getMessage());
        }
        submission = client.submit(transaction);
      } else {
        if (action == null
            || channel == null
            || nonce == null
            || balanceA == null
            || balanceB == null) {
          throw VigilClientException.of(
              ErrorCode.USAGE,
              "--state needs --action, --channel, --nonce, --balance-a, --balance-b (and the"
                  + " signatures, except for a close at nonce 0)");
        }
        ChannelState channelState =
            ChannelState.of(ChannelCommand.channelId(channel), nonce, balanceA, balanceB);
        submission =
            client.postState(
                RelayClient.StateAction.parse(action),
                channelState,
                sigA == null ? null : ChannelCommand.signature(sigA, "--sig-a"),
                sigB == null ? null : ChannelCommand.signature(sigB, "--sig-b"));
      }
      RelayedResults.noteRefusals(output(), submission);
      Duration wait = relay.waitTime();
      RelayOutcome outcome = wait == null ? null : client.awaitFinal(submission.requestId(), wait);
      ObjectNode json = RelayedResults.json(submission, outcome);
      output().result(json, RelayedResults.text(json));
      return RelayedResults.exitCode(outcome);
    }
  }

  @Command(
      name = "status",
      mixinStandardHelpOptions = true,
      description = {
        "The status of a relayed request (request id or transaction hash), from the relays.",
        "Without an id: the submissions this client made, newest first, as last seen."
      })
  static final class Status extends KitCommand implements Callable<Integer> {
    @Parameters(index = "0", arity = "0..1", paramLabel = "ID")
    String id;

    @Option(
        names = "--relay",
        paramLabel = "URL",
        description = "Relays to ask (default: the ones that accepted it, else $VIGIL_RELAY).")
    List<String> relays;

    @Option(names = "--limit", defaultValue = "20")
    int limit;

    @Override
    public Integer call() {
      RelayJournal journal = RelayJournal.open(options().database());
      if (id == null) {
        return list(journal);
      }
      List<String> urls = relays;
      if (urls == null || urls.isEmpty()) {
        urls = journal.find(id).map(RelayJournal.Entry::relays).orElse(List.of());
      }
      if (urls.isEmpty()) {
        RelayOptions fallback = new RelayOptions();
        urls = fallback.urls();
      }
      if (urls.isEmpty()) {
        throw VigilClientException.of(
            ErrorCode.USAGE, "no relay known for " + id + ": give --relay URL or set VIGIL_RELAY");
      }
      RelayStatus status = RelayClient.of(urls).withJournal(journal).status(id);
      ObjectNode json = JsonHttp.JSON.valueToTree(status);
      output().result(json, RelayedResults.text(json));
      return ExitCodes.OK;
    }

    private int list(RelayJournal journal) {
      ArrayNode rows = JsonHttp.JSON.createArrayNode();
      StringBuilder text = new StringBuilder();
      for (RelayJournal.Entry entry : journal.recent(limit)) {
        rows.addObject()
            .put("requestId", entry.requestId())
            .put("txHash", entry.txHash())
            .put("kind", entry.kind())
            .put("status", entry.status())
            .put("reason", entry.reason())
            .put("relays", String.join(" ", entry.relays()))
            .put("submittedAt", entry.submittedAt().toString())
            .put("updatedAt", entry.updatedAt().toString());
        text.append(entry.submittedAt())
            .append("  ")
            .append(entry.status())
            .append("  ")
            .append(entry.requestId())
            .append(entry.reason() == null ? "" : "  (" + entry.reason() + ")")
            .append('\n');
      }
      ObjectNode json = JsonHttp.JSON.createObjectNode();
      json.set("submissions", rows);
      output()
          .result(json, rows.isEmpty() ? "no submissions yet" : text.toString().stripTrailing());
      return ExitCodes.OK;
    }
  }
}
