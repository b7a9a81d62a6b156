package io.vigil.client.cli;

import io.vigil.client.ErrorCode;
import io.vigil.client.routing.PollResult;
import io.vigil.client.routing.RouteAnswer;
import io.vigil.client.routing.RoutingClient;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;
import picocli.CommandLine.TypeConversionException;

/** The {@code vigil route poll} command: a sender asks its servers for a payment's route. */
@Command(
    name = "poll",
    mixinStandardHelpOptions = true,
    description =
        "Poll routing servers for a payment hash and print the lowest amount. Exit 0 with a"
            + " route, 3 when no server had one within --wait.")
public final class RoutePollCommand extends KitCommand implements Callable<Integer> {

  @Option(names = "--hash", required = true, paramLabel = "0xHASH", description = "Payment hash.")
  String hash;

  @Option(
      names = "--server",
      required = true,
      paramLabel = "URL",
      description = "A routing server's base URL; repeat for several (ties go to the first).")
  List<String> servers;

  @Option(
      names = "--wait",
      paramLabel = "DURATION",
      defaultValue = "0s",
      converter = DurationConverter.class,
      description = "Keep polling this long for a first route (e.g. 30s). Default: one round.")
  Duration wait;

  @Option(
      names = "--settle",
      paramLabel = "DURATION",
      defaultValue = "0s",
      converter = DurationConverter.class,
      description = "After the first route, keep polling this long for a cheaper one.")
  Duration settle;

  @Option(
      names = "--interval",
      paramLabel = "DURATION",
      defaultValue = "1s",
      converter = DurationConverter.class,
      description = "Time between rounds. Default: ${DEFAULT-VALUE}.")
  Duration interval;

  @Override
  public Integer call() {
    PollResult result;
    try (RoutingClient client = RoutingClient.create()) {
      result = client.pollUntil(hash, servers, wait, settle, interval);
    }
    output().result(RouteViews.poll(result), RouteViews.pollText(result));
    return exitCode(result);
  }

  /**
   * 0 with a route; 3 without one, unless every server failed in a way a retry cannot mend (4 when
   * one answered falsely, else 1).
   */
  static int exitCode(PollResult result) {
    if (result.best().isPresent()) {
      return ExitCodes.OK;
    }
    List<ErrorCode> failures =
        result.answers().stream()
            .filter(RouteAnswer.Failed.class::isInstance)
            .map(answer -> ((RouteAnswer.Failed) answer).code())
            .toList();
    if (!result.allFailed() || failures.stream().anyMatch(ErrorCode::retryable)) {
      return ExitCodes.RETRYABLE;
    }
    return failures.contains(ErrorCode.BAD_RESPONSE) ? ExitCodes.MISBEHAVING : ExitCodes.REFUSED;
  }

  /** Reads {@code 500ms}, {@code 30s}, {@code 2m}, {@code 1h} or an ISO-8601 duration. */
  public static final class DurationConverter implements ITypeConverter<Duration> {
    @Override
    public Duration convert(String text) {
      String value = text.trim().toLowerCase(Locale.ROOT);
      try {
        if (value.startsWith("p")) {
          return Duration.parse(value.toUpperCase(Locale.ROOT));
        }
        if (value.endsWith("ms")) {
          return Duration.ofMillis(Long.parseLong(value.substring(0, value.length() - 2)));
        }
        long amount = Long.parseLong(value.substring(0, value.length() - 1));
        return switch (value.charAt(value.length() - 1)) {
          case 's' -> Duration.ofSeconds(amount);
          case 'm' -> Duration.ofMinutes(amount);
          case 'h' -> Duration.ofHours(amount);
          default -> throw new NumberFormatException(text);
        };
      } catch (RuntimeException malformed) {
        throw new TypeConversionException("not a duration (500ms, 30s, 2m, 1h): " + text);
      }
    }
  }
}
