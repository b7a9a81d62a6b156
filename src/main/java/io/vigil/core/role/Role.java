package io.vigil.core.role;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/** The parts of Vigil that a process can run; chosen at start by {@code vigil.roles}. */
public enum Role {
  /** Follows the chain head and publishes decoded channel events. */
  CHAIN,
  /** Holds delegated states, detects stale closes and decides disputes. */
  WATCHER,
  /** Posts transactions for clients and for Vigil itself, and tracks them to finality. */
  RELAY,
  /** Reactive payment routing, the bundle store, peer polling and landmark tables. */
  ROUTER;

  /** The value that selects every role. */
  public static final String ALL = "all";

  /** The lower-case name used in configuration, package names and scheduler identities. */
  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Parses one configured name; empty when it names no role. */
  public static Optional<Role> fromId(String id) {
    for (Role role : values()) {
      if (role.id().equals(id.trim().toLowerCase(Locale.ROOT))) {
        return Optional.of(role);
      }
    }
    return Optional.empty();
  }

  /**
   * Parses the configured role list.
   *
   * @throws IllegalArgumentException naming the first unknown entry
   */
  public static Set<Role> parse(Iterable<String> configured) {
    Set<Role> roles = EnumSet.noneOf(Role.class);
    for (String entry : configured) {
      String name = entry.trim();
      if (name.isEmpty()) {
        continue;
      }
      if (name.equalsIgnoreCase(ALL)) {
        roles.addAll(EnumSet.allOf(Role.class));
        continue;
      }
      roles.add(
          fromId(name)
              .orElseThrow(
                  () ->
                      new IllegalArgumentException(
                          "unknown role '"
                              + name
                              + "' (expected all, chain, watcher, relay or router)")));
    }
    if (roles.isEmpty()) {
      throw new IllegalArgumentException(
          "no role selected (expected all, chain, watcher, relay or router)");
    }
    return roles;
  }

  /** The role that owns a class, from its package ({@code io.vigil.<role>...}); empty for core. */
  public static Optional<Role> owning(Class<?> type) {
    String name = type.getName();
    for (Role role : values()) {
      if (name.startsWith("io.vigil." + role.id() + ".")) {
        return Optional.of(role);
      }
    }
    return Optional.empty();
  }
}
