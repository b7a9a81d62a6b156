package io.vigil.client.routing;

import io.vigil.client.ErrorCode;
import io.vigil.client.VigilClientException;
import java.math.BigDecimal;

/**
 * One routing server's answer to {@code GET /messagesByHash/{hash}}: a route, no route yet (keep
 * polling), or a failure (the server is down, slow, or answered something malformed).
 */
public sealed interface RouteAnswer {

  /** The server's base URL. */
  String server();

  /**
   * The server holds a route: {@code amount} (in {@code unit}, the server's home unit, its fee
   * included) is what the sender must send this server; {@code nextHop} is whom it will pay.
   */
  record Route(
      String server, String hash, BigDecimal amount, String unit, String nextHop, String expiresAt)
      implements RouteAnswer {}

  /** The server has no live entry for the hash yet. */
  record NoRoute(String server) implements RouteAnswer {}

  /** The server could not answer; {@code code} says whether retrying can help. */
  record Failed(String server, ErrorCode code, String detail) implements RouteAnswer {
    public static Failed of(String server, VigilClientException failure) {
      return new Failed(server, failure.code(), failure.getMessage());
    }
  }
}
