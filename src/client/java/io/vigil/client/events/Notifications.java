package io.vigil.client.events;

import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * Delivers notifications to the wallet's listeners, in the order they were published. A listener
 * that throws is skipped for that notification and keeps receiving the next ones: one faulty
 * listener never stops the kit.
 */
public final class Notifications {

  private final List<Consumer<Notification>> listeners = new CopyOnWriteArrayList<>();

  /** Adds a listener; returns a handle that removes it. */
  public AutoCloseable subscribe(Consumer<Notification> listener) {
    Objects.requireNonNull(listener, "listener");
    listeners.add(listener);
    return () -> listeners.remove(listener);
  }

  public void publish(Notification notification) {
    Objects.requireNonNull(notification, "notification");
    for (Consumer<Notification> listener : listeners) {
      try {
        listener.accept(notification);
      } catch (RuntimeException faulty) {
        System.getLogger(Notifications.class.getName())
            .log(System.Logger.Level.WARNING, "a notification listener failed", faulty);
      }
    }
  }
}
