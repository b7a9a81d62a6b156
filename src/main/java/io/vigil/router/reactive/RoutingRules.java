package io.vigil.router.reactive;

import io.vigil.core.protocol.Amounts;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * In charge of the reactive routing protocol rules for one incoming routing message: record the
 * route, replace an entry only for a strictly lower amount, and work out what to tell each other
 * neighbour. Pure: it reads the state it is given and returns a {@link Decision}.
 *
 * <p>Units: the message amount is in the unit of the link it arrived on. The amount recorded is
 * {@code (amount + fee) × rate} of that link, which is in this server's home unit; it is what
 * someone must send this server. Each server neighbour is offered that amount converted into its
 * link's unit ({@code home / rate}, rounded up). Entries are compared in the home unit.
 */
public final class RoutingRules {

  private final Duration entryExpiry;
  private final Duration reservationExpiry;

  public RoutingRules(Duration entryExpiry, Duration reservationExpiry) {
    this.entryExpiry = entryExpiry;
    this.reservationExpiry = reservationExpiry;
  }

  /** The amount this server advertises for a message that arrived on {@code from}. */
  public static BigDecimal advertised(BigDecimal amount, Link from) {
    BigDecimal withFee = amount.add(from.fee().feeFor(amount));
    return Amounts.ceil(withFee.multiply(from.rate()));
  }

  /**
   * Decides what to do with one message.
   *
   * @param message the message, its amount in {@code from}'s unit
   * @param from the link it arrived on (the would-be next hop)
   * @param current this server's entry for the hash, live or not
   * @param links every link of this server, {@code from} included
   * @param reservedOnFrom liquidity of our side of {@code from} already reserved by live routes,
   *     the current entry's own reservation included if it uses {@code from}
   * @param now the time of processing
   */
  public Decision decide(
      RoutingMessage message,
      Link from,
      Optional<RouteEntry> current,
      Collection<Link> links,
      BigDecimal reservedOnFrom,
      Instant now) {
    if (message.ttl() < 0) {
      return new Decision.Dropped(DropReason.TTL_EXHAUSTED);
    }
    BigDecimal amount = advertised(message.amount(), from);
    Optional<RouteEntry> live = current.filter(entry -> entry.liveAt(now));
    if (live.isPresent() && live.get().amount().compareTo(amount) <= 0) {
      return new Decision.Dropped(DropReason.NOT_LOWER);
    }
    BigDecimal reserved = reservedOnFrom;
    if (live.isPresent()
        && live.get().nextHop().equals(from.address())
        && live.get().reservedAt(now)) {
      reserved = reserved.subtract(live.get().payAmount());
    }
    if (from.ourSpendable().subtract(reserved).compareTo(message.amount()) < 0) {
      return new Decision.Dropped(DropReason.INSUFFICIENT_LIQUIDITY);
    }
    RouteEntry entry =
        new RouteEntry(
            message.hash(),
            amount,
            message.amount(),
            from.address(),
            message.ttl(),
            now.plus(entryExpiry),
            now.plus(reservationExpiry));
    List<Forward> forwards = new ArrayList<>();
    List<Decision.Skipped> skipped = new ArrayList<>();
    for (Link link : links) {
      if (link.address().equals(from.address()) || link.kind() != LinkKind.SERVER) {
        continue;
      }
      if (message.ttl() == 0) {
        skipped.add(new Decision.Skipped(link.address(), "no hops left"));
        continue;
      }
      BigDecimal offered = Amounts.divideUp(amount, link.rate());
      if (link.theirSpendable().compareTo(offered) < 0) {
        skipped.add(
            new Decision.Skipped(
                link.address(),
                "their side holds "
                    + Amounts.text(link.theirSpendable())
                    + ", needs "
                    + Amounts.text(offered)));
        continue;
      }
      forwards.add(new Forward(link.address(), message.hash(), offered, message.ttl() - 1));
    }
    return new Decision.Accepted(entry, live, List.copyOf(forwards), List.copyOf(skipped));
  }
}
