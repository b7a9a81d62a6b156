package io.vigil.client.tower;

import com.fasterxml.jackson.databind.JsonNode;
import io.vigil.client.events.Notification;
import io.vigil.core.channel.ChannelId;
import java.time.Instant;

/**
 * A tower reported that it disputed a stale close of the channel: the nonce it put on chain and the
 * close's outcome as far as the tower knows it (null until there is one).
 */
public record TowerDisputed(
    Instant at, String url, ChannelId channelId, long disputedNonce, JsonNode outcome)
    implements Notification {

  @Override
  public String kind() {
    return "tower-disputed";
  }
}
