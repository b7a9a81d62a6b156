package io.vigil.client.tower;

import io.vigil.client.events.Notification;
import io.vigil.core.channel.ChannelId;
import java.time.Instant;
import java.util.List;

/** A channel's protection is thin or about to lapse; {@code warnings} say why and what to do. */
public record ProtectionLapsing(Instant at, ChannelId channelId, List<String> warnings)
    implements Notification {

  public ProtectionLapsing {
    warnings = List.copyOf(warnings);
  }

  @Override
  public String kind() {
    return "protection-lapsing";
  }
}
