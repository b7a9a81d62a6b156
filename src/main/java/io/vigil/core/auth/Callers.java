package io.vigil.core.auth;

import io.quarkus.security.ForbiddenException;
import io.quarkus.security.identity.SecurityIdentity;
import java.util.Collection;
import java.util.Locale;
import java.util.Optional;

/** What an authenticated caller may see: decisions on a {@link SecurityIdentity}. */
public final class Callers {

  private Callers() {}

  public static boolean isOperator(SecurityIdentity caller) {
    return caller != null && !caller.isAnonymous() && caller.hasRole(Roles.OPERATOR);
  }

  /** The address a client proved it holds (its token's subject), lower case. */
  public static Optional<String> address(SecurityIdentity caller) {
    if (caller == null || caller.isAnonymous() || !caller.hasRole(Roles.CLIENT)) {
      return Optional.empty();
    }
    return Optional.of(caller.getPrincipal().getName().toLowerCase(Locale.ROOT));
  }

  /** Whether the caller is the operator or holds one of {@code keys}. */
  public static boolean isOperatorOrOneOf(SecurityIdentity caller, Collection<String> keys) {
    if (isOperator(caller)) {
      return true;
    }
    return address(caller)
        .map(mine -> keys.stream().anyMatch(key -> key != null && key.equalsIgnoreCase(mine)))
        .orElse(false);
  }

  /** Refuses (403) unless the caller is the operator or holds {@code key}. */
  public static void requireOperatorOr(SecurityIdentity caller, String key, String what) {
    if (!isOperatorOrOneOf(caller, key == null ? java.util.List.of() : java.util.List.of(key))) {
      throw new ForbiddenException("only the operator or the key of " + what + " may do this");
    }
  }
}
