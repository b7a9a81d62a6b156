package io.vigil.router.reactive;

import java.math.BigDecimal;
import java.util.Objects;

/**
 * One neighbour of this server and the channel between us.
 *
 * @param address the neighbour's Ethereum address (lower case), which identifies it as next hop
 * @param kind server or light client
 * @param baseUrl where a server neighbour serves its bundles; null for clients
 * @param unit the unit amounts on this link are expressed in (e.g. {@code USD}, {@code ETH})
 * @param rate value of one unit of this link in this server's home unit (1 when they are the same)
 * @param fee what this server charges for paying out on this link
 * @param ourSpendable what this server can still send to the neighbour on the channel
 * @param theirSpendable what the neighbour can still send to this server on the channel
 */
public record Link(
    String address,
    LinkKind kind,
    String baseUrl,
    String unit,
    BigDecimal rate,
    FeePolicy fee,
    BigDecimal ourSpendable,
    BigDecimal theirSpendable) {

  public Link {
    Objects.requireNonNull(address, "address");
    Objects.requireNonNull(kind, "kind");
    if (rate.signum() <= 0) {
      throw new IllegalArgumentException("rate must be positive");
    }
  }

  public static Link server(String address, FeePolicy fee, BigDecimal ours, BigDecimal theirs) {
    return new Link(address, LinkKind.SERVER, null, "UNIT", BigDecimal.ONE, fee, ours, theirs);
  }

  public static Link client(String address, FeePolicy fee, BigDecimal ours, BigDecimal theirs) {
    return new Link(address, LinkKind.CLIENT, null, "UNIT", BigDecimal.ONE, fee, ours, theirs);
  }

  public Link withUnit(String unit, BigDecimal rate) {
    return new Link(address, kind, baseUrl, unit, rate, fee, ourSpendable, theirSpendable);
  }

  public Link withBaseUrl(String url) {
    return new Link(address, kind, url, unit, rate, fee, ourSpendable, theirSpendable);
  }
}
