package io.vigil.client.routing;

import io.vigil.core.protocol.Bundle;
import java.util.List;

/**
 * What one {@link BundleFollower#follow} read: the bundles new to the client (verified, in seq
 * order), what it noticed, and where the cursor now stands.
 *
 * @param server the server's base URL
 * @param node the pinned node address every bundle was verified against
 * @param tableId the server's current table id (null when it never answered a page)
 * @param lastSeq the cursor: the last seq read in order (0 before the first)
 * @param serverLastSeq the newest seq the server said it has
 */
public record FollowReport(
    String server,
    String node,
    String tableId,
    long lastSeq,
    long serverLastSeq,
    List<Bundle> bundles,
    List<FollowEvent> events) {

  public FollowReport {
    bundles = List.copyOf(bundles);
    events = List.copyOf(events);
  }

  /** True when some event shows misbehaviour (a forged bundle, a conflicting replay). */
  public boolean misbehaving() {
    return events.stream().anyMatch(FollowEvent::misbehaving);
  }
}
