package io.vigil.client.routing;

import io.vigil.client.ErrorCode;
import io.vigil.client.VigilClientException;
import java.math.BigDecimal;
import java.util.List;

/**
 * What one routing server did with an origination. {@link Accepted} and {@link Replaced} mean the
 * server recorded the route (a replacement: it already had a dearer one for the hash); {@link
 * Dropped} means it stored nothing, with the server's reason ({@code NOT_LOWER}, e.g. a replay,
 * {@code INSUFFICIENT_LIQUIDITY}, {@code TTL_EXHAUSTED}); {@link Failed} means the origination did
 * not reach a decision (unreachable, refused as malformed or wrongly signed).
 */
public sealed interface OriginationOutcome {

  /** The server's base URL. */
  String server();

  /** A stable name: accepted, replaced, dropped or failed. */
  String outcome();

  /** The route was recorded; {@code amount} is what the server advertises, its fee included. */
  record Accepted(String server, BigDecimal amount, String nextHop, List<String> forwardedTo)
      implements OriginationOutcome {
    public Accepted {
      forwardedTo = List.copyOf(forwardedTo);
    }

    @Override
    public String outcome() {
      return "accepted";
    }
  }

  /** The route replaced a dearer one for the same hash. */
  record Replaced(String server, BigDecimal amount, String nextHop, List<String> forwardedTo)
      implements OriginationOutcome {
    public Replaced {
      forwardedTo = List.copyOf(forwardedTo);
    }

    @Override
    public String outcome() {
      return "replaced";
    }
  }

  /** The server decided not to record it; nothing was stored. */
  record Dropped(String server, String reason) implements OriginationOutcome {
    @Override
    public String outcome() {
      return "dropped";
    }
  }

  /** No decision: the call failed; {@code code} says whether retrying can help. */
  record Failed(String server, ErrorCode code, String detail) implements OriginationOutcome {
    public static Failed of(String server, VigilClientException failure) {
      return new Failed(server, failure.code(), failure.getMessage());
    }

    @Override
    public String outcome() {
      return "failed";
    }
  }

  /** True when the server holds the route. */
  default boolean recorded() {
    return this instanceof Accepted || this instanceof Replaced;
  }
}
