package io.vigil.client.cli;

import io.vigil.client.ErrorCode;
import io.vigil.client.VigilClientException;
import io.vigil.client.tower.TowerReceipt;
import io.vigil.core.channel.ChannelId;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** The {@code vigil state receipts} command: the checked receipts kept for a channel. */
@Command(
    name = "receipts",
    mixinStandardHelpOptions = true,
    description = "The towers' receipts for a channel, as checked and kept in the local store.")
public final class StateReceiptsCommand extends KitCommand implements Callable<Integer> {

  @Parameters(paramLabel = "CHANNEL", description = "Channel id, 0x and 64 hex digits.")
  String channel;

  @Override
  public Integer call() {
    ChannelId id;
    try {
      id = ChannelId.of(channel);
    } catch (IllegalArgumentException malformed) {
      throw VigilClientException.of(ErrorCode.USAGE, "CHANNEL: " + malformed.getMessage());
    }
    try (TowerKit kit = TowerKit.open(options())) {
      List<TowerReceipt> receipts = kit.towers.store().receipts(id);
      output()
          .result(
              Map.of(
                  "channelId",
                  id.hex(),
                  "receipts",
                  receipts.stream().map(TowerViews::receipt).toList()),
              receipts.isEmpty()
                  ? "no receipts for " + id
                  : receipts.stream()
                      .map(
                          r ->
                              r.towerUrl()
                                  + "  nonce "
                                  + r.nonce()
                                  + "  block "
                                  + r.acceptedAtBlock()
                                  + "  signed by "
                                  + r.signer()
                                  + "  received "
                                  + r.receivedAt())
                      .collect(Collectors.joining("\n")));
      return ExitCodes.OK;
    }
  }
}
