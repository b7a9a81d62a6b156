package io.vigil.client.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vigil.client.http.JsonHttp;
import io.vigil.client.hunter.HunterLedger;
import io.vigil.client.hunter.HunterStatus;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** The {@code vigil hunter} commands. */
@Command(
    name = "hunter",
    mixinStandardHelpOptions = true,
    description = "Bounty hunting: bounties earned and withdrawn by a hunter address.",
    subcommands = HunterCommand.Status.class)
public final class HunterCommand extends KitCommand {

  @Command(
      name = "status",
      mixinStandardHelpOptions = true,
      description =
          "Disputes won, bounties credited and withdrawals of a hunter address, read from the"
              + " hub's events, and what it may withdraw now.")
  static final class Status extends KitCommand implements Callable<Integer> {
    @Mixin HubOptions hub;

    @Option(names = "--hunter", required = true, paramLabel = "0xADDRESS")
    String hunter;

    @Option(
        names = "--from-block",
        defaultValue = "0",
        paramLabel = "N",
        description = "First block to read events from (default ${DEFAULT-VALUE}).")
    long fromBlock;

    @Override
    public Integer call() {
      HunterStatus status =
          new HunterLedger(hub.chain(), hub.hub())
              .status(ChannelCommand.address(hunter, "--hunter"), fromBlock);
      ObjectNode json = JsonHttp.JSON.createObjectNode();
      json.put("hunter", status.hunter().hex());
      json.put("hub", status.hub().hex());
      json.put("fromBlock", status.fromBlock());
      json.put("earned", status.earned().toString());
      json.put("withdrawn", status.withdrawn().toString());
      json.put("withdrawable", status.withdrawable().toString());
      ArrayNode disputes = json.putArray("disputes");
      status
          .disputes()
          .forEach(
              d ->
                  disputes
                      .addObject()
                      .put("channelId", d.channelId().hex())
                      .put("nonce", d.nonce())
                      .put("disputer", d.disputer().hex())
                      .put("blockNumber", d.blockNumber())
                      .put("txHash", d.txHash()));
      ArrayNode bounties = json.putArray("bounties");
      status
          .bounties()
          .forEach(
              b ->
                  bounties
                      .addObject()
                      .put("channelId", b.channelId().hex())
                      .put("amount", b.amount().toString())
                      .put("blockNumber", b.blockNumber())
                      .put("txHash", b.txHash()));
      ArrayNode withdrawals = json.putArray("withdrawals");
      status
          .withdrawals()
          .forEach(
              w ->
                  withdrawals
                      .addObject()
                      .put("amount", w.amount().toString())
                      .put("blockNumber", w.blockNumber())
                      .put("txHash", w.txHash()));
      ArrayNode awaiting = json.putArray("awaitingSettlement");
      status.awaitingSettlement().forEach(id -> awaiting.add(id.hex()));
      String text =
          "hunter "
              + status.hunter()
              + "\ndisputes won: "
              + status.disputes().size()
              + " (awaiting settlement: "
              + status.awaitingSettlement().size()
              + ")\nbounties earned: "
              + status.bounties().size()
              + ", "
              + status.earned()
              + " wei\nwithdrawn: "
              + status.withdrawn()
              + " wei\nwithdrawable now: "
              + status.withdrawable()
              + " wei";
      output().result(json, text);
      return ExitCodes.OK;
    }
  }
}
