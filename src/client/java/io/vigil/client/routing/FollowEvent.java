package io.vigil.client.routing;

import io.vigil.client.events.Notification;
import java.time.Instant;

/**
 * Something a {@link BundleFollower} noticed in a server's bundle stream besides new bundles. Gaps,
 * trimming and table changes happen to honest servers too; a forged bundle or a conflicting replay
 * means the server (or someone between it and the client) misbehaves.
 */
public sealed interface FollowEvent extends Notification {

  /** The server's base URL. */
  String server();

  /** True when the event shows misbehaviour rather than a normal course of events. */
  default boolean misbehaving() {
    return false;
  }

  /**
   * Bundles {@code from..to} (inclusive) were missing from an answer that should have held them;
   * the cursor stays before {@code from}, so the next follow asks for them again.
   */
  record GapDetected(String server, long from, long to, Instant at) implements FollowEvent {
    @Override
    public String kind() {
      return "routing-bundle-gap";
    }
  }

  /** Bundles {@code from..to} were trimmed by the server before the client read them (410). */
  record BundlesTrimmed(String server, long from, long to, Instant at) implements FollowEvent {
    @Override
    public String kind() {
      return "routing-bundles-trimmed";
    }
  }

  /**
   * The server's table id changed (it lost its history and numbers bundles from 1 again): the
   * cursor was reset and the new table read from its start. Routes learnt from the old table are
   * stale.
   */
  record TableChanged(String server, String previousTableId, String tableId, Instant at)
      implements FollowEvent {
    @Override
    public String kind() {
      return "routing-table-changed";
    }
  }

  /**
   * A bundle for a seq already read was presented again: as new ({@code conflicting} false, a
   * replay of the same content) or with other content than the one read before ({@code conflicting}
   * true: the server signed two different bundles for one seq, or replays an old one in place of a
   * new). Nothing in it is accepted.
   */
  record ReplayDetected(String server, String tableId, long seq, boolean conflicting, Instant at)
      implements FollowEvent {
    @Override
    public String kind() {
      return "routing-bundle-replay";
    }

    @Override
    public boolean misbehaving() {
      return true;
    }
  }

  /**
   * A bundle not signed by the server's pinned node address, or naming another node or table than
   * its page ({@code reason}: {@code unsigned}, {@code wrong-signature}, {@code wrong-node}, {@code
   * wrong-table}). The page is dropped and the cursor stays.
   */
  record ForgedBundle(String server, long seq, String reason, String signer, Instant at)
      implements FollowEvent {
    @Override
    public String kind() {
      return "routing-bundle-forged";
    }

    @Override
    public boolean misbehaving() {
      return true;
    }
  }
}
