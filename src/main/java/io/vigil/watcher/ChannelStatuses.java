package io.vigil.watcher;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.vigil.watcher.persistence.HeldState;
import io.vigil.watcher.persistence.HeldStateRepository;
import io.vigil.watcher.persistence.OutcomeRepository;
import io.vigil.watcher.persistence.OutcomeRow;
import io.vigil.watcher.persistence.RequestRepository;
import io.vigil.watcher.persistence.RequestRow;
import io.vigil.watcher.persistence.WatchedChannel;
import io.vigil.watcher.persistence.WatchedChannelRepository;
import jakarta.enterprise.context.ApplicationScoped;
import java.math.BigInteger;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

/** Assembles the status a client reads about its channel. */
@ApplicationScoped
public class ChannelStatuses {

  private final HeldStateRepository states;
  private final OutcomeRepository outcomes;
  private final RequestRepository requests;
  private final WatchedChannelRepository channels;
  private final Protections protections;

  public ChannelStatuses(
      HeldStateRepository states,
      OutcomeRepository outcomes,
      RequestRepository requests,
      WatchedChannelRepository channels,
      Protections protections) {
    this.states = states;
    this.outcomes = outcomes;
    this.requests = requests;
    this.channels = channels;
    this.protections = protections;
  }

  /** What the tables hold about one channel. */
  private record Rows(
      Optional<HeldState> held,
      Optional<OutcomeRow> outcome,
      List<RequestRow> requests,
      Optional<WatchedChannel> channel) {}

  /**
   * The channel's status, or empty when Vigil holds nothing about it that {@code reader} may see:
   * {@code reader} is asked with the channel's parties (from the chain, or while the channel is not
   * on chain, the signers of the held state), empty when neither is known.
   */
  public Optional<ChannelStatus> of(String channelId, Predicate<Set<String>> reader) {
    Rows rows =
        QuarkusTransaction.requiringNew()
            .call(
                () ->
                    new Rows(
                        states.findState(channelId),
                        outcomes.findOutcome(channelId),
                        requests.requestsOf(channelId),
                        channels.findChannel(channelId)));
    Optional<HeldState> held = rows.held();
    Optional<OutcomeRow> outcome = rows.outcome();
    List<RequestRow> requests = rows.requests();
    if (held.isEmpty() && outcome.isEmpty() && requests.isEmpty()) {
      return Optional.empty();
    }
    Optional<WatchedChannel> channel = rows.channel();
    if (!reader.test(parties(channel, held))) {
      return Optional.empty();
    }
    // Priced after the transaction: the base fee may need a call to the node.
    ChannelStatus.Protection protection =
        held.map(state -> protections.of(channel, state)).orElse(null);
    BigInteger gas =
        requests.stream()
            .filter(row -> row.gasUsed() != null && row.gasPrice() != null)
            .map(row -> row.gasUsed().multiply(row.gasPrice()))
            .reduce(BigInteger.ZERO, BigInteger::add);
    return Optional.of(
        new ChannelStatus(
            channelId,
            held.map(HeldState::nonce).orElse(null),
            held.flatMap(HeldState::expiresAt).map(Object::toString).orElse(null),
            protection,
            channel.map(WatchedChannel::status).orElse("UNKNOWN"),
            channel.filter(c -> c.closeNonce() >= 0).map(c -> c.closeNonce()).orElse(null),
            channel.filter(c -> c.closeDeadline() > 0).map(c -> c.closeDeadline()).orElse(null),
            channel.filter(c -> c.disputedNonce() >= 0).map(c -> c.disputedNonce()).orElse(null),
            outcome
                .map(
                    o ->
                        new ChannelStatus.Outcome(
                            o.disputed(),
                            o.disputedNonce(),
                            o.settled(),
                            o.balanceA() == null ? null : o.balanceA().toString(),
                            o.balanceB() == null ? null : o.balanceB().toString(),
                            o.bountyWei().toString(),
                            o.bountyWithdrawn(),
                            gas.toString()))
                .orElse(null),
            requests.stream()
                .map(
                    row ->
                        new ChannelStatus.Transaction(
                            row.requestId(),
                            row.purpose(),
                            row.status(),
                            row.txHash(),
                            row.gasUsed() == null ? null : row.gasUsed().toString()))
                .toList()));
  }

  /** The channel's parties: the chain's once it is seen there, else the held state's signers. */
  static Set<String> parties(Optional<WatchedChannel> channel, Optional<HeldState> held) {
    if (channel.isPresent()) {
      return both(channel.get().partyA(), channel.get().partyB());
    }
    return held.map(state -> both(state.signerA(), state.signerB())).orElse(Set.of());
  }

  private static Set<String> both(String a, String b) {
    return java.util.stream.Stream.of(a, b)
        .map(party -> party.toLowerCase(java.util.Locale.ROOT))
        .collect(java.util.stream.Collectors.toUnmodifiableSet());
  }
}
