package io.vigil.core.role;

import io.vigil.core.config.VigilConfig;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Set;

/** The roles this process runs; every role-bound endpoint, consumer and loop asks it first. */
@ApplicationScoped
public class ActiveRoles {

  private final Set<Role> roles;

  public ActiveRoles(VigilConfig config) {
    this.roles = Collections.unmodifiableSet(EnumSet.copyOf(Role.parse(config.roles())));
  }

  public boolean isActive(Role role) {
    return roles.contains(role);
  }

  /** True when the class belongs to core or to an active role. */
  public boolean allows(Class<?> type) {
    return Role.owning(type).map(this::isActive).orElse(true);
  }

  public Set<Role> all() {
    return roles;
  }
}
