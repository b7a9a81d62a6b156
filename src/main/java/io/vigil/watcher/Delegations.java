package io.vigil.watcher;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.vigil.core.api.ProblemException;
import io.vigil.core.channel.ChannelState;
import io.vigil.core.config.VigilConfig;
import io.vigil.core.metrics.Meters;
import io.vigil.watcher.persistence.HeldState;
import io.vigil.watcher.persistence.HeldStateRepository;
import io.vigil.watcher.persistence.HeldStateRepository.PendingCount;
import io.vigil.watcher.persistence.WatchedChannel;
import io.vigil.watcher.persistence.WatchedChannelRepository;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.web3j.utils.Numeric;

/**
 * Accepts delegated states: has each one parsed ({@link DelegationParser}), recovers both state
 * signatures and the hunter authorization, admits the client through the {@link Gatekeeper}, has
 * the {@link DelegationJudge} decide what to keep, and answers only once it is durable. A state
 * delegated while a stale close is already on chain is disputed at once, in the same transaction.
 */
@ApplicationScoped
public class Delegations {

  private final HeldStateRepository states;
  private final WatchedChannelRepository channels;
  private final StateSignatures signatures;
  private final Gatekeeper gatekeeper;
  private final Enforcer enforcer;
  private final RequestOutbox outbox;
  private final ChainHead head;
  private final Clock clock;
  private final DelegationParser parser;
  private final DelegationJudge judge;
  private final Counter accepted;
  private final Counter refused;

  public Delegations(
      HeldStateRepository states,
      WatchedChannelRepository channels,
      StateSignatures signatures,
      Gatekeeper gatekeeper,
      Enforcer enforcer,
      RequestOutbox outbox,
      ChainHead head,
      WatcherConfig config,
      VigilConfig vigil,
      Clock clock,
      MeterRegistry metrics) {
    this.states = states;
    this.channels = channels;
    this.signatures = signatures;
    this.gatekeeper = gatekeeper;
    this.enforcer = enforcer;
    this.outbox = outbox;
    this.head = head;
    this.clock = clock;
    this.parser = new DelegationParser(vigil.chain().chainId(), () -> Watcher.hunter(config));
    this.judge =
        new DelegationJudge(WatchPolicy.from(config.policy()), gatekeeper, config.pendingExpiry());
    this.accepted =
        Meters.counter(
            metrics,
            "vigil_watcher_states_accepted_total",
            "Delegated states accepted (new or newer)");
    this.refused =
        Meters.counter(
            metrics, "vigil_watcher_states_refused_total", "Delegations refused with a 4xx");
  }

  /** The receipt and whether the state was new (false: the same state was already held). */
  public record Accepted(Receipt receipt, boolean created) {}

  /** What became of one delegation of a batch: its receipt, or the refusal naming the field. */
  public sealed interface Result {
    /** Accepted: stored (or already held) and durable. */
    record Done(Accepted accepted) implements Result {}

    /** Refused; nothing of it stored. */
    record Refused(Refusal refusal) implements Result {}
  }

  /** Accepts a delegation or throws a {@link ProblemException} naming the field at fault. */
  public Accepted delegate(Delegation body) {
    return switch (delegateAll(List.of(body)).get(0)) {
      case Result.Done done -> done.accepted();
      case Result.Refused refused -> throw refused.refusal().thrown();
    };
  }

  /**
   * Accepts a batch: every delegation is checked and answered on its own, and all that pass are
   * stored in one transaction before any receipt is returned. That transaction first locks the held
   * states of the batch's channels; signatures are then checked on all cores, and a hunter
   * authorization Vigil already holds for the channel is recognised by its bytes instead of being
   * recovered again. Receipts are signed after the commit.
   */
  public List<Result> delegateAll(List<Delegation> bodies) {
    int size = bodies.size();
    Result[] results = new Result[size];
    Offer[] offers = new Offer[size];
    for (int i = 0; i < size; i++) {
      try {
        offers[i] = parser.parse(bodies.get(i));
      } catch (ProblemException refusal) {
        results[i] = new Result.Refused(Refusal.of(refusal));
      }
    }
    Set<String> offered =
        Arrays.stream(offers)
            .filter(Objects::nonNull)
            .map(Offer::channelId)
            .collect(Collectors.toCollection(TreeSet::new));
    // Read without locks: a held authorization only spares recovering its signer again, which
    // depends on nothing but the channel, the hunter and the signature's bytes.
    Map<String, HeldState> held =
        offered.isEmpty()
            ? Map.of()
            : QuarkusTransaction.requiringNew().call(() -> states.findStates(offered));
    SignedOffer[] signed = verifyAll(offers, held, results);
    // Outside the storing transaction, so the shared bucket rows are locked only for a statement.
    admitAll(signed, results);
    long acceptedAtBlock = head.latest().number();
    Instant now = clock.instant();
    Stored stored =
        QuarkusTransaction.requiringNew()
            .call(
                () -> {
                  Map<String, HeldState> current =
                      states.lockStates(
                          Arrays.stream(signed)
                              .filter(Objects::nonNull)
                              .map(one -> one.offer().channelId())
                              .collect(Collectors.toCollection(TreeSet::new)));
                  return store(signed, current, acceptedAtBlock, now, results);
                });
    if (stored.requested()) {
      outbox.flush();
    }
    IntStream receipts = IntStream.range(0, size);
    (size > 1 ? receipts.parallel() : receipts)
        .filter(i -> stored.kept()[i] != null)
        .forEach(
            i -> {
              HeldState kept = stored.kept()[i];
              byte[] signature =
                  signatures.signReceipt(kept.channelId(), kept.nonce(), kept.acceptedBlock());
              results[i] =
                  new Result.Done(
                      new Accepted(
                          new Receipt(
                              kept.channelId(),
                              kept.nonce(),
                              kept.acceptedBlock(),
                              signatures.receiptSigner(),
                              Numeric.toHexString(signature)),
                          stored.created()[i]));
            });
    for (Result result : results) {
      if (result instanceof Result.Done done && done.accepted().created()) {
        accepted.increment();
      } else if (result instanceof Result.Refused) {
        refused.increment();
      }
    }
    return List.of(results);
  }

  /**
   * Recovers the signers of every offer on all cores; a refused offer is left null and its refusal
   * put in {@code results}.
   */
  private SignedOffer[] verifyAll(Offer[] offers, Map<String, HeldState> held, Result[] results) {
    int size = offers.length;
    SignedOffer[] signed = new SignedOffer[size];
    IntStream indexes = IntStream.range(0, size);
    (size > 1 ? indexes.parallel() : indexes)
        .filter(i -> offers[i] != null)
        .forEach(
            i -> {
              switch (verify(offers[i], Optional.ofNullable(held.get(offers[i].channelId())))) {
                case Verified.Signed ok -> signed[i] = ok.offer();
                case Verified.Refused refused -> results[i] = new Result.Refused(refused.refusal());
              }
            });
    return signed;
  }

  /**
   * Takes one token per signed offer from its client's shared bucket, the whole batch in one
   * statement; an offer over its client's rate is left null and refused with a 429.
   */
  private void admitAll(SignedOffer[] signed, Result[] results) {
    List<String> clients =
        Arrays.stream(signed).map(offer -> offer == null ? null : offer.client()).toList();
    if (clients.stream().allMatch(Objects::isNull)) {
      return;
    }
    Gatekeeper.Admission[] admissions = gatekeeper.admitRequests(clients);
    for (int i = 0; i < signed.length; i++) {
      if (admissions[i] instanceof Gatekeeper.Admission.Refused slow) {
        results[i] = new Result.Refused(Refusal.limited(slow));
        signed[i] = null;
      }
    }
  }

  /** The states kept per index of the batch (null where refused) and whether each was new. */
  private record Stored(HeldState[] kept, boolean[] created, boolean requested) {}

  /** The signers of an offer, or why they cannot be recovered. */
  private sealed interface Verified {
    record Signed(SignedOffer offer) implements Verified {}

    record Refused(Refusal refusal) implements Verified {}

    static Verified invalid(String field, String reason) {
      return new Refused(Refusal.invalidField(field, reason));
    }
  }

  /**
   * Recovers both state signers and the client. An authorization equal to one Vigil holds for the
   * channel was recovered when it was stored (the digest depends only on the channel and this
   * watcher's hunter), so its signer is taken from the held state.
   */
  private Verified verify(Offer offer, Optional<HeldState> held) {
    String channelId = offer.channelId();
    ChannelState offered = offer.signed().state();
    List<Optional<String>> signers =
        signatures.stateSigners(
            channelId,
            offered.nonce(),
            offered.balanceA(),
            offered.balanceB(),
            offer.signed().signatureA().toBytes(),
            offer.signed().signatureB().toBytes());
    if (signers.get(0).isEmpty()) {
      return Verified.invalid("sigA", "not a valid signature");
    }
    if (signers.get(1).isEmpty()) {
      return Verified.invalid("sigB", "not a valid signature");
    }
    String signerA = signers.get(0).get();
    String signerB = signers.get(1).get();
    if (signerA.equalsIgnoreCase(signerB)) {
      return Verified.invalid("sigB", "both signatures are by the same key");
    }
    Optional<String> heldAuthorizer =
        held.flatMap(
            state -> {
              if (Arrays.equals(state.hunterAuthA(), offer.authSig())) {
                return Optional.of(state.signerA());
              }
              if (Arrays.equals(state.hunterAuthB(), offer.authSig())) {
                return Optional.of(state.signerB());
              }
              return Optional.empty();
            });
    Optional<String> client =
        heldAuthorizer.or(
            () -> signatures.hunterAuthorizer(channelId, offer.hunter(), offer.authSig()));
    if (client.isEmpty()) {
      return Verified.invalid("hunterAuthorization.signature", "not a valid signature");
    }
    return new Verified.Signed(new SignedOffer(offer, signerA, signerB, client.get()));
  }

  /**
   * Decides each signed offer against what is held (and what earlier offers of the same batch
   * left), then writes every kept state in one batch. Runs in one transaction: a refusal names its
   * offer and leaves the others be; a database failure stores nothing.
   */
  private Stored store(
      SignedOffer[] signed,
      Map<String, HeldState> current,
      long acceptedAtBlock,
      Instant now,
      Result[] results) {
    int size = signed.length;
    Set<String> channelIds = new TreeSet<>();
    for (SignedOffer offer : signed) {
      if (offer != null) {
        channelIds.add(offer.offer().channelId());
      }
    }
    Map<String, WatchedChannel> known = channels.findChannels(channelIds);
    Set<String> newcomers = new HashSet<>();
    for (SignedOffer offer : signed) {
      if (offer != null && !current.containsKey(offer.offer().channelId())) {
        newcomers.add(offer.client().toLowerCase(Locale.ROOT));
      }
    }
    // Counted under the clients' locks (and the pending cap under its own), so concurrent
    // delegations on any replica cannot both take the last place.
    states.lockClients(newcomers);
    Map<String, Long> watched = new HashMap<>(states.countStatesOf(newcomers));
    PendingCount pending = null;
    for (SignedOffer offer : signed) {
      if (offer != null
          && !current.containsKey(offer.offer().channelId())
          && !known.containsKey(offer.offer().channelId())) {
        pending = states.lockAndCountPending();
        break;
      }
    }
    Map<String, HeldState> changed = new LinkedHashMap<>();
    HeldState[] kept = new HeldState[size];
    boolean[] created = new boolean[size];
    for (int i = 0; i < size; i++) {
      if (signed[i] == null) {
        continue;
      }
      String channelId = signed[i].offer().channelId();
      String quotaKey = signed[i].client().toLowerCase(Locale.ROOT);
      Optional<WatchedChannel> channel = Optional.ofNullable(known.get(channelId));
      switch (judge.decide(
          signed[i],
          Optional.ofNullable(current.get(channelId)),
          channel,
          watched.getOrDefault(quotaKey, 0L),
          pending,
          acceptedAtBlock,
          now)) {
        case DelegationJudge.Decision.Keep keep -> {
          kept[i] = keep.state();
          created[i] = keep.created();
          if (keep.write()) {
            current.put(channelId, keep.state());
            changed.put(channelId, keep.state());
          }
          if (keep.newChannel()) {
            watched.merge(quotaKey, 1L, Long::sum);
            if (channel.isEmpty()) {
              pending = new PendingCount(pending.count() + 1, pending.oldestExpiry());
            }
          }
        }
        case DelegationJudge.Decision.Refuse refuse ->
            results[i] = new Result.Refused(refuse.refusal());
      }
    }
    states.saveStates(changed.values());
    boolean requested = false;
    for (String channelId : changed.keySet()) {
      WatchedChannel channel = known.get(channelId);
      // A state for a channel already being closed is judged at once, in this transaction.
      if (channel != null && channel.isClosing()) {
        requested |= enforcer.review(channelId);
      }
    }
    return new Stored(kept, created, requested);
  }
}
