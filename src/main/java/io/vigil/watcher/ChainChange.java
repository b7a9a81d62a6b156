package io.vigil.watcher;

import io.vigil.core.chain.HubEvent;

/**
 * One hub event as the watcher applies it: it joined the canonical chain, or a reorg retracted it.
 * The watcher is idempotent on {@link #inboxKey()}; applying one kind makes the other kind of the
 * same event applicable again (a block that reconnects after a reorg is applied anew).
 */
sealed interface ChainChange {

  HubEvent event();

  /** Unique per log of a block, as the chain role names it on the wire. */
  default String eventId() {
    return event().blockHash() + ":" + event().logIndex();
  }

  /** The inbox key of this change. */
  String inboxKey();

  /** The inbox key of the opposite change of the same event, forgotten when this one applies. */
  String oppositeKey();

  record Connected(HubEvent event) implements ChainChange {
    @Override
    public String inboxKey() {
      return eventId();
    }

    @Override
    public String oppositeKey() {
      return Retracted.PREFIX + eventId();
    }
  }

  record Retracted(HubEvent event) implements ChainChange {
    private static final String PREFIX = "retract:";

    @Override
    public String inboxKey() {
      return PREFIX + eventId();
    }

    @Override
    public String oppositeKey() {
      return eventId();
    }
  }
}
