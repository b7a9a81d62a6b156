package io.vigil.client.tower;

import com.fasterxml.jackson.databind.JsonNode;
import io.vigil.core.channel.ChannelId;
import java.time.Instant;
import java.util.Objects;

/**
 * A delegation a tower has not acknowledged yet: the body prepared for that tower (its hunter
 * authorized), kept until a correct receipt for it or a newer state of the channel arrives.
 */
public record PendingDelegation(
    String towerUrl, ChannelId channelId, long nonce, JsonNode body, Instant queuedAt) {

  public PendingDelegation {
    Objects.requireNonNull(towerUrl, "towerUrl");
    Objects.requireNonNull(channelId, "channelId");
    Objects.requireNonNull(body, "body");
    Objects.requireNonNull(queuedAt, "queuedAt");
  }
}
