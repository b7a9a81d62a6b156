package io.vigil.client.tower;

import io.vigil.client.events.Notification;
import java.time.Instant;

/** A tower moved from one state to another (e.g. became unreachable, or misbehaved). */
public record TowerStateChanged(
    Instant at, String url, TowerState from, TowerState to, String reason) implements Notification {

  @Override
  public String kind() {
    return "tower-state-changed";
  }
}
