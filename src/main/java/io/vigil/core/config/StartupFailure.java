package io.vigil.core.config;

/**
 * A start-up refusal caused by configuration or an unreachable dependency. Its message is one line
 * that names the property to fix; the launcher prints it without a stack trace.
 */
public final class StartupFailure extends RuntimeException {

  private final String property;

  private StartupFailure(String property, String reason, Throwable cause) {
    super(property + ": " + reason, cause);
    this.property = property;
  }

  public static StartupFailure of(String property, String reason) {
    return new StartupFailure(property, reason, null);
  }

  public static StartupFailure of(String property, String reason, Throwable cause) {
    return new StartupFailure(property, reason, cause);
  }

  public String property() {
    return property;
  }
}
