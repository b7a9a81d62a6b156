package io.vigil.watcher;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.vigil.watcher.persistence.HeldState;
import io.vigil.watcher.persistence.OutcomeRow;
import io.vigil.watcher.persistence.RequestRow;
import io.vigil.watcher.persistence.WatchedChannel;
import io.vigil.watcher.persistence.WatcherRepository;
import jakarta.enterprise.context.ApplicationScoped;
import java.math.BigInteger;
import java.util.List;
import java.util.Optional;

/** Assembles the status a client reads about its channel. */
@ApplicationScoped
public class ChannelStatuses {

  private final WatcherRepository repository;

  public ChannelStatuses(WatcherRepository repository) {
    this.repository = repository;
  }

  /** The channel's status, or empty when Vigil holds nothing about it for a client. */
  public Optional<ChannelStatus> of(String channelId) {
    return QuarkusTransaction.requiringNew()
        .call(
            () -> {
              Optional<HeldState> held = repository.findState(channelId);
              Optional<OutcomeRow> outcome = repository.findOutcome(channelId);
              List<RequestRow> requests = repository.requestsOf(channelId);
              if (held.isEmpty() && outcome.isEmpty() && requests.isEmpty()) {
                return Optional.<ChannelStatus>empty();
              }
              Optional<WatchedChannel> channel = repository.findChannel(channelId);
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
                      channel.map(WatchedChannel::status).orElse("UNKNOWN"),
                      channel
                          .filter(c -> c.closeNonce() >= 0)
                          .map(c -> c.closeNonce())
                          .orElse(null),
                      channel
                          .filter(c -> c.closeDeadline() > 0)
                          .map(c -> c.closeDeadline())
                          .orElse(null),
                      channel
                          .filter(c -> c.disputedNonce() >= 0)
                          .map(c -> c.disputedNonce())
                          .orElse(null),
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
            });
  }
}
