package io.vigil.client.routing;

import io.vigil.client.ErrorCode;
import io.vigil.client.VigilClientException;
import io.vigil.core.crypto.Address;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * A routing server the client has a link with: its base URL and, when the user pinned it, the
 * address the server signs with (its node key). Without a pinned address the kit asks the server
 * for it ({@code GET /v1/landmark/server}), trusting it on first use.
 *
 * @param url base URL, {@code http(s)://host[:port]}
 * @param address lower-case {@code 0x} address, or empty when not pinned
 */
public record RoutingServer(String url, Optional<String> address) {

  public RoutingServer {
    Objects.requireNonNull(url, "url");
    Objects.requireNonNull(address, "address");
    address = address.map(RoutingServer::checkedAddress);
  }

  /** A server whose address will be fetched from it. */
  public static RoutingServer at(String url) {
    return new RoutingServer(url, Optional.empty());
  }

  /** A server with the address the user pinned for it. */
  public static RoutingServer pinned(String url, String address) {
    return new RoutingServer(url, Optional.of(address));
  }

  static String checkedAddress(String address) {
    if (!Address.isValid(address)) {
      throw VigilClientException.of(
          ErrorCode.USAGE, "a server address is 0x and 40 hex digits: " + address);
    }
    return address.toLowerCase(Locale.ROOT);
  }
}
