package io.vigil.core;

import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.annotations.QuarkusMain;
import io.vigil.core.config.StartupFailure;
import java.util.NoSuchElementException;

/**
 * Entry point. Start-up refusals caused by configuration are reported as one line naming the
 * property; anything else keeps its stack trace.
 */
@QuarkusMain
public final class VigilMain {

  private VigilMain() {}

  /**
   * Idle keep-alive connections the JDK's HTTP client keeps per host: its default, 5, is fewer than
   * the threads that call the chain node at once (request threads, the carrier, health checks), and
   * each call beyond that would open and close a connection of its own. A value set on the command
   * line wins.
   */
  static final String KEEP_ALIVE_CONNECTIONS = "64";

  public static void main(String... args) {
    if (System.getProperty("http.maxConnections") == null) {
      System.setProperty("http.maxConnections", KEEP_ALIVE_CONNECTIONS);
    }
    Quarkus.run(
        null,
        (code, failure) -> {
          if (failure != null) {
            String line = configurationProblem(failure);
            if (line != null) {
              System.err.println("vigil: cannot start: " + line);
            } else {
              failure.printStackTrace();
            }
          }
          System.exit(code);
        },
        args);
  }

  /** The one-line explanation of a configuration failure, or null when it is something else. */
  static String configurationProblem(Throwable failure) {
    for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
      if (cause instanceof StartupFailure startup) {
        return startup.getMessage();
      }
      String type = cause.getClass().getName();
      if (type.endsWith("ConfigValidationException")
          || type.endsWith("ConfigurationException")
          || cause instanceof NoSuchElementException) {
        String message = String.valueOf(cause.getMessage()).replace('\n', ' ').replace('\t', ' ');
        return message.replaceAll(" +", " ").trim();
      }
    }
    return null;
  }
}
