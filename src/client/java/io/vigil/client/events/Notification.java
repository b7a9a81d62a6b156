package io.vigil.client.events;

import java.time.Instant;

/**
 * Something a wallet should hear about without asking: a tower disputed for it, a relayed
 * transaction became final, a tower changed state, protection is about to lapse. Each kind is a
 * record implementing this interface, named by what happened.
 */
public interface Notification {

  /** A stable name of the kind, e.g. {@code tower-disputed}. */
  String kind();

  /** When the kit learned of it. */
  Instant at();
}
