package io.vigil.client.cli;

import io.vigil.client.ErrorCode;
import io.vigil.client.VigilClientException;
import io.vigil.client.relay.RelayClient;
import io.vigil.client.relay.RelayJournal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/**
 * Which relays to use ({@code --relay}, repeatable, else $VIGIL_RELAY, comma-separated) and whether
 * to wait for a final status ({@code --no-wait}, {@code --timeout}).
 */
public final class RelayOptions {

  @Option(
      names = "--relay",
      paramLabel = "URL",
      description =
          "A Vigil relay's base URL; repeat for several. Default: $VIGIL_RELAY (comma-separated).")
  List<String> relays;

  @Option(names = "--no-wait", description = "Return once a relay accepted; do not wait for final.")
  boolean noWait;

  @Option(
      names = "--timeout",
      paramLabel = "SECONDS",
      defaultValue = "180",
      description = "How long to wait for a final status (default ${DEFAULT-VALUE}).")
  long timeoutSeconds;

  /** The configured relay URLs, or empty. */
  public List<String> urls() {
    List<String> urls = new ArrayList<>();
    if (relays != null) {
      relays.forEach(url -> urls.add(url.trim()));
    }
    if (urls.isEmpty()) {
      String env = System.getenv("VIGIL_RELAY");
      if (env != null) {
        for (String url : env.split(",")) {
          if (!url.isBlank()) {
            urls.add(url.trim());
          }
        }
      }
    }
    return urls;
  }

  /** A client of the configured relays, keeping its journal in the kit's store. */
  public RelayClient client(CliOptions options) {
    List<String> urls = urls();
    if (urls.isEmpty()) {
      throw VigilClientException.of(ErrorCode.USAGE, "give --relay URL or set VIGIL_RELAY");
    }
    return RelayClient.of(urls).withJournal(RelayJournal.open(options.database()));
  }

  /** null with --no-wait. */
  public Duration waitTime() {
    if (timeoutSeconds <= 0) {
      throw VigilClientException.of(ErrorCode.USAGE, "--timeout must be positive");
    }
    return noWait ? null : Duration.ofSeconds(timeoutSeconds);
  }
}
