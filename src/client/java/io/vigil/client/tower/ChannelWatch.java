package io.vigil.client.tower;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * One tower's answer to {@code GET /v1/watcher/channels/{id}}: the status as the tower gave it, or
 * why there is none (not asked, unreachable, refused).
 */
public record ChannelWatch(String url, JsonNode status, String error) {

  public static ChannelWatch of(String url, JsonNode status) {
    return new ChannelWatch(url, status, null);
  }

  public static ChannelWatch failed(String url, String error) {
    return new ChannelWatch(url, null, error);
  }

  public boolean answered() {
    return status != null;
  }

  /** {@code protection.status}: PROTECTED, AT_RISK, PENDING, UNKNOWN; null when none. */
  public String protection() {
    return answered() ? text(status.path("protection"), "status") : null;
  }

  public String protectionReason() {
    return answered() ? text(status.path("protection"), "reason") : null;
  }

  public Long heldNonce() {
    return answered() && status.hasNonNull("heldNonce") ? status.get("heldNonce").asLong() : null;
  }

  /** The nonce the tower put on chain in a dispute, from the status or its outcome. */
  public Long disputedNonce() {
    if (!answered()) {
      return null;
    }
    if (status.hasNonNull("disputedNonce")) {
      return status.get("disputedNonce").asLong();
    }
    JsonNode outcome = status.path("outcome");
    return outcome.path("disputed").asBoolean(false) && outcome.hasNonNull("disputedNonce")
        ? outcome.get("disputedNonce").asLong()
        : null;
  }

  /** Whether the tower saw the channel settle (its state is deleted then). */
  public boolean settled() {
    return answered()
        && ("SETTLED".equals(text(status, "chainStatus"))
            || status.path("outcome").path("settled").asBoolean(false));
  }

  private static String text(JsonNode node, String field) {
    return node.hasNonNull(field) ? node.get(field).asText() : null;
  }
}
