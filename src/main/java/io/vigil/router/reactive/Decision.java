package io.vigil.router.reactive;

import java.util.List;
import java.util.Optional;

/** What the routing rules decided for one incoming routing message. */
public sealed interface Decision {

  /**
   * The message became this server's entry for the hash.
   *
   * @param entry the new entry
   * @param replaced the entry it replaced, if there was a live one
   * @param forwards messages to queue for server neighbours
   * @param skipped neighbours not told, with the reason (e.g. their side cannot carry the amount)
   */
  record Accepted(
      RouteEntry entry,
      Optional<RouteEntry> replaced,
      List<Forward> forwards,
      List<Skipped> skipped)
      implements Decision {}

  /** The message was dropped and nothing changed. */
  record Dropped(DropReason reason) implements Decision {}

  /** A neighbour that was not sent the message, and why. */
  record Skipped(String neighbour, String reason) {}
}
