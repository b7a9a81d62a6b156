package io.vigil.watcher;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.vigil.core.api.Problem;
import io.vigil.core.api.ProblemException;
import io.vigil.core.config.VigilConfig;
import io.vigil.core.crypto.Hex;
import io.vigil.watcher.persistence.HeldState;
import io.vigil.watcher.persistence.WatchedChannel;
import io.vigil.watcher.persistence.WatcherRepository;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.Response;
import java.math.BigInteger;
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
 * Accepts delegated states: checks every field, both state signatures against the channel's parties
 * and the hunter authorization, admits the client through the {@link Gatekeeper}, keeps only the
 * newest state per channel, and answers only once it is durable. A state delegated while a stale
 * close is already on chain is disputed at once, in the same transaction.
 */
@ApplicationScoped
public class Delegations {

  private static final int BYTES32 = 64;
  private static final int ADDRESS = 40;
  private static final int SIGNATURE = 130;
  private static final BigInteger UINT256_MAX = BigInteger.TWO.pow(256).subtract(BigInteger.ONE);
  private static final long UINT64_MAX_AS_LONG = Long.MAX_VALUE;

  private final WatcherRepository repository;
  private final StateSignatures signatures;
  private final Gatekeeper gatekeeper;
  private final Watcher watcher;
  private final RequestOutbox outbox;
  private final ChainHead head;
  private final WatcherConfig config;
  private final VigilConfig vigil;
  private final Clock clock;
  private final WatchPolicy policy;
  private final Counter accepted;
  private final Counter refused;

  public Delegations(
      WatcherRepository repository,
      StateSignatures signatures,
      Gatekeeper gatekeeper,
      Watcher watcher,
      RequestOutbox outbox,
      ChainHead head,
      WatcherConfig config,
      VigilConfig vigil,
      Clock clock,
      MeterRegistry metrics) {
    this.repository = repository;
    this.signatures = signatures;
    this.gatekeeper = gatekeeper;
    this.watcher = watcher;
    this.outbox = outbox;
    this.head = head;
    this.config = config;
    this.vigil = vigil;
    this.clock = clock;
    this.policy = WatchPolicy.from(config.policy());
    this.accepted =
        Counter.builder("vigil_watcher_states_accepted_total")
            .description("Delegated states accepted (new or newer)")
            .register(metrics);
    this.refused =
        Counter.builder("vigil_watcher_states_refused_total")
            .description("Delegations refused with a 4xx")
            .register(metrics);
  }

  /** The receipt and whether the state was new (false: the same state was already held). */
  public record Accepted(Receipt receipt, boolean created) {}

  /** What became of one delegation of a batch: its receipt, or the refusal naming the field. */
  public sealed interface Result {
    /** Accepted: stored (or already held) and durable. */
    record Done(Accepted accepted) implements Result {}

    /** Refused with a {@link ProblemException} or {@link RateLimited}; nothing of it stored. */
    record Refused(RuntimeException refusal) implements Result {}
  }

  /** Accepts a delegation or throws a {@link ProblemException} naming the field at fault. */
  public Accepted delegate(Delegation body) {
    return switch (delegateAll(List.of(body)).get(0)) {
      case Result.Done done -> done.accepted();
      case Result.Refused refused -> throw refused.refusal();
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
        offers[i] = offer(bodies.get(i));
      } catch (ProblemException refusal) {
        results[i] = new Result.Refused(refusal);
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
            : QuarkusTransaction.requiringNew().call(() -> repository.findStates(offered));
    Signed[] signed = verifyAll(offers, held, results);
    // Outside the storing transaction, so the shared bucket rows are locked only for a statement.
    admitAll(signed, results);
    long acceptedAtBlock = head.latest().number();
    Instant now = clock.instant();
    Stored stored =
        QuarkusTransaction.requiringNew()
            .call(
                () -> {
                  Map<String, HeldState> current =
                      repository.lockStates(
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
  private Signed[] verifyAll(Offer[] offers, Map<String, HeldState> held, Result[] results) {
    int size = offers.length;
    Signed[] signed = new Signed[size];
    IntStream indexes = IntStream.range(0, size);
    (size > 1 ? indexes.parallel() : indexes)
        .filter(i -> offers[i] != null)
        .forEach(
            i -> {
              try {
                signed[i] = verify(offers[i], Optional.ofNullable(held.get(offers[i].channelId())));
              } catch (ProblemException refusal) {
                results[i] = new Result.Refused(refusal);
              }
            });
    return signed;
  }

  /**
   * Takes one token per signed offer from its client's shared bucket, the whole batch in one
   * statement; an offer over its client's rate is left null and refused with a 429.
   */
  private void admitAll(Signed[] signed, Result[] results) {
    List<String> clients =
        Arrays.stream(signed).map(offer -> offer == null ? null : offer.client()).toList();
    if (clients.stream().allMatch(Objects::isNull)) {
      return;
    }
    Gatekeeper.Admission[] admissions = gatekeeper.admitRequests(clients);
    for (int i = 0; i < signed.length; i++) {
      if (admissions[i] instanceof Gatekeeper.Admission.Refused slow) {
        results[i] = new Result.Refused(tooMany(slow));
        signed[i] = null;
      }
    }
  }

  /** A delegation whose fields are well formed, before any signature is checked. */
  private record Offer(
      String channelId,
      long nonce,
      BigInteger balanceA,
      BigInteger balanceB,
      byte[] sigA,
      byte[] sigB,
      String hunter,
      byte[] authSig) {}

  /** An offer whose signers are known: the two state signers and the authorizing client. */
  private record Signed(Offer offer, String signerA, String signerB, String client) {}

  /** The states kept per index of the batch (null where refused) and whether each was new. */
  private record Stored(HeldState[] kept, boolean[] created, boolean requested) {}

  private Offer offer(Delegation body) {
    if (body == null) {
      throw ProblemException.invalidField("body", "a JSON object is required");
    }
    if (body.chainId() == null) {
      throw ProblemException.invalidField("chainId", "required");
    }
    Optional<Long> chainId = vigil.chain().chainId();
    if (chainId.isPresent() && !chainId.get().equals(body.chainId())) {
      throw ProblemException.of(
          Response.Status.BAD_REQUEST,
          "unknown-chain",
          "chainId: this watcher follows chain " + chainId.get() + ", not " + body.chainId(),
          "chainId");
    }
    Delegation.State state = body.state();
    if (state == null) {
      throw ProblemException.invalidField("state", "required");
    }
    String channelId = match(state.channelId(), BYTES32, "state.channelId", "32 bytes as 0x hex");
    if (state.nonce() == null) {
      throw ProblemException.invalidField("state.nonce", "required");
    }
    if (state.nonce() < 0 || state.nonce() > UINT64_MAX_AS_LONG) {
      throw ProblemException.invalidField("state.nonce", "must be between 0 and 2^63-1");
    }
    BigInteger balanceA = uint(state.balanceA(), "state.balanceA");
    BigInteger balanceB = uint(state.balanceB(), "state.balanceB");
    byte[] sigA = Numeric.hexStringToByteArray(match(body.sigA(), SIGNATURE, "sigA", "65 bytes"));
    byte[] sigB = Numeric.hexStringToByteArray(match(body.sigB(), SIGNATURE, "sigB", "65 bytes"));
    Delegation.HunterAuthorization auth = body.hunterAuthorization();
    if (auth == null) {
      throw ProblemException.invalidField("hunterAuthorization", "required");
    }
    String hunter =
        match(auth.hunter(), ADDRESS, "hunterAuthorization.hunter", "an address as 0x hex")
            .toLowerCase(Locale.ROOT);
    if (!hunter.equals(watcher.hunter())) {
      throw ProblemException.invalidField(
          "hunterAuthorization.hunter", "must name this watcher's hunter " + watcher.hunter());
    }
    byte[] authSig =
        Numeric.hexStringToByteArray(
            match(auth.signature(), SIGNATURE, "hunterAuthorization.signature", "65 bytes"));
    return new Offer(channelId, state.nonce(), balanceA, balanceB, sigA, sigB, hunter, authSig);
  }

  /**
   * Recovers both state signers and the client. An authorization equal to one Vigil holds for the
   * channel was recovered when it was stored (the digest depends only on the channel and this
   * watcher's hunter), so its signer is taken from the held state.
   */
  private Signed verify(Offer offer, Optional<HeldState> held) {
    String channelId = offer.channelId();
    List<Optional<String>> signers =
        signatures.stateSigners(
            channelId,
            offer.nonce(),
            offer.balanceA(),
            offer.balanceB(),
            offer.sigA(),
            offer.sigB());
    String signerA =
        signers
            .get(0)
            .orElseThrow(() -> ProblemException.invalidField("sigA", "not a valid signature"));
    String signerB =
        signers
            .get(1)
            .orElseThrow(() -> ProblemException.invalidField("sigB", "not a valid signature"));
    if (signerA.equalsIgnoreCase(signerB)) {
      throw ProblemException.invalidField("sigB", "both signatures are by the same key");
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
    String client =
        heldAuthorizer
            .or(() -> signatures.hunterAuthorizer(channelId, offer.hunter(), offer.authSig()))
            .orElseThrow(
                () ->
                    ProblemException.invalidField(
                        "hunterAuthorization.signature", "not a valid signature"));
    return new Signed(offer, signerA, signerB, client);
  }

  /**
   * Decides each signed offer against what is held (and what earlier offers of the same batch
   * left), then writes every kept state in one batch. Runs in one transaction: a refusal names its
   * offer and leaves the others be; a database failure stores nothing.
   */
  private Stored store(
      Signed[] signed,
      Map<String, HeldState> current,
      long acceptedAtBlock,
      Instant now,
      Result[] results) {
    int size = signed.length;
    Set<String> channelIds = new TreeSet<>();
    for (Signed offer : signed) {
      if (offer != null) {
        channelIds.add(offer.offer().channelId());
      }
    }
    Map<String, WatchedChannel> channels = repository.findChannels(channelIds);
    Set<String> newcomers = new HashSet<>();
    for (Signed offer : signed) {
      if (offer != null && !current.containsKey(offer.offer().channelId())) {
        newcomers.add(offer.client().toLowerCase(Locale.ROOT));
      }
    }
    // Counted under the clients' locks (and the pending cap under its own), so concurrent
    // delegations on any replica cannot both take the last place.
    repository.lockClients(newcomers);
    Map<String, Long> watched = new HashMap<>(repository.countStatesOf(newcomers));
    Pending pending = null;
    for (Signed offer : signed) {
      if (offer != null
          && !current.containsKey(offer.offer().channelId())
          && !channels.containsKey(offer.offer().channelId())) {
        WatcherRepository.PendingCount count = repository.lockAndCountPending();
        pending = new Pending(count.count(), count.oldestExpiry());
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
      try {
        Decision decision =
            decide(
                signed[i],
                Optional.ofNullable(current.get(signed[i].offer().channelId())),
                Optional.ofNullable(channels.get(signed[i].offer().channelId())),
                watched,
                pending,
                acceptedAtBlock,
                now);
        kept[i] = decision.state();
        created[i] = decision.created();
        if (decision.write()) {
          current.put(decision.state().channelId(), decision.state());
          changed.put(decision.state().channelId(), decision.state());
        }
      } catch (ProblemException | RateLimited refusal) {
        results[i] = new Result.Refused(refusal);
      }
    }
    repository.saveStates(changed.values());
    boolean requested = false;
    for (String channelId : changed.keySet()) {
      WatchedChannel channel = channels.get(channelId);
      // A state for a channel already being closed is judged at once, in this transaction.
      if (channel != null && channel.isClosing()) {
        requested |= watcher.review(channelId);
      }
    }
    return new Stored(kept, created, requested);
  }

  /** States held for channels not seen on chain: how many, counting this batch's. */
  private static final class Pending {
    private long count;
    private final Instant oldestExpiry;

    Pending(long count, Instant oldestExpiry) {
      this.count = count;
      this.oldestExpiry = oldestExpiry;
    }
  }

  /** The state to keep for one offer, whether it is new, and whether it must be written. */
  private record Decision(HeldState state, boolean created, boolean write) {}

  private Decision decide(
      Signed signed,
      Optional<HeldState> held,
      Optional<WatchedChannel> channel,
      Map<String, Long> watched,
      Pending pending,
      long acceptedAtBlock,
      Instant now) {
    Offer offer = signed.offer();
    String signerA = signed.signerA();
    String signerB = signed.signerB();
    String client = signed.client();
    Optional<Instant> expiresAt = Optional.empty();
    if (channel.isPresent()) {
      checkParties(channel.get(), signerA, signerB, offer.balanceA(), offer.balanceB());
    } else {
      expiresAt = Optional.of(now.plus(config.pendingExpiry()));
    }
    if (!client.equalsIgnoreCase(signerA) && !client.equalsIgnoreCase(signerB)) {
      throw ProblemException.invalidField(
          "hunterAuthorization.signature", "not signed by a party of the channel");
    }
    boolean fromA = client.equalsIgnoreCase(signerA);
    HeldState offered =
        new HeldState(
            offer.channelId(),
            offer.nonce(),
            offer.balanceA(),
            offer.balanceB(),
            offer.sigA(),
            offer.sigB(),
            signerA.toLowerCase(Locale.ROOT),
            signerB.toLowerCase(Locale.ROOT),
            fromA ? offer.authSig() : null,
            fromA ? null : offer.authSig(),
            client.toLowerCase(Locale.ROOT),
            acceptedAtBlock,
            now,
            expiresAt);
    if (held.isPresent()) {
      HeldState current = held.get();
      if (offer.nonce() < current.nonce()) {
        throw ProblemException.of(
            Response.Status.CONFLICT,
            "stale-nonce",
            "state.nonce: Vigil holds nonce " + current.nonce() + " already",
            "state.nonce");
      }
      if (offer.nonce() == current.nonce()) {
        if (!current.sameStateAs(offered)) {
          throw ProblemException.of(
              Response.Status.CONFLICT,
              "conflicting-state",
              "state: a different state with nonce " + offer.nonce() + " is held",
              "state");
        }
        HeldState merged = mergeAuthorization(current, offered);
        return new Decision(merged, false, merged != current);
      }
      // newer: keep the other party's authorization if it still signs the state
      channel.ifPresent(known -> admit(known, fromA, offer));
      return new Decision(keepAuthorization(current, offered), true, true);
    }
    // A channel not yet on chain is checked when it opens (Watcher#adoptPending).
    channel.ifPresent(known -> admit(known, fromA, offer));
    String quotaKey = client.toLowerCase(Locale.ROOT);
    long count = watched.getOrDefault(quotaKey, 0L);
    if (gatekeeper.admitNewChannel(client, count) instanceof Gatekeeper.Admission.Refused full) {
      throw tooMany(full);
    }
    if (channel.isEmpty()) {
      if (gatekeeper.admitPending(pending.count, pending.oldestExpiry, now)
          instanceof Gatekeeper.Admission.Refused full) {
        throw tooMany(full);
      }
      pending.count++;
    }
    watched.put(quotaKey, count + 1);
    return new Decision(offered, true, true);
  }

  private static void checkParties(
      WatchedChannel channel,
      String signerA,
      String signerB,
      BigInteger balanceA,
      BigInteger balanceB) {
    if (channel.status().equals(WatchedChannel.SETTLED)
        || channel.status().equals(WatchedChannel.CLOSED)) {
      throw ProblemException.of(
          Response.Status.CONFLICT,
          "channel-closed",
          "state.channelId: the channel is " + channel.status().toLowerCase(Locale.ROOT),
          "state.channelId");
    }
    boolean aIsA = signerA.equalsIgnoreCase(channel.partyA());
    boolean bIsB = signerB.equalsIgnoreCase(channel.partyB());
    if (!aIsA || !bIsB) {
      if (signerA.equalsIgnoreCase(channel.partyB())
          && signerB.equalsIgnoreCase(channel.partyA())) {
        throw ProblemException.invalidField("sigA", "sigA and sigB are swapped");
      }
      throw ProblemException.invalidField(
          aIsA ? "sigB" : "sigA",
          "signed by " + (aIsA ? signerB : signerA) + ", who is not this party of the channel");
    }
    // A state signed before a later deposit stays valid on the hub, so only an excess is refused.
    if (balanceA.add(balanceB).compareTo(channel.total()) > 0) {
      throw ProblemException.invalidField(
          "state.balanceA",
          "balanceA + balanceB exceeds the channel's deposits seen on chain ("
              + channel.total()
              + "); a deposit counts once it is confirmed");
    }
  }

  /**
   * Refuses, with a 422 naming the field, a new or newer state of a channel the watcher cannot
   * protect for the party that delegated it.
   */
  private void admit(WatchedChannel channel, boolean fromA, Offer offer) {
    if (policy.admit(channel, fromA, offer.balanceA(), offer.balanceB())
        instanceof WatchPolicy.Admission.Refused refused) {
      throw new ProblemException(
          new Problem(
              "urn:vigil:problem:" + WatchPolicy.REFUSED_TYPE,
              "Unprocessable Content",
              422,
              refused.detail(),
              refused.field()));
    }
  }

  private static HeldState mergeAuthorization(HeldState current, HeldState offered) {
    byte[] authA = current.hunterAuthA() != null ? current.hunterAuthA() : offered.hunterAuthA();
    byte[] authB = current.hunterAuthB() != null ? current.hunterAuthB() : offered.hunterAuthB();
    if (authA == current.hunterAuthA() && authB == current.hunterAuthB()) {
      return current;
    }
    return withAuth(current, authA, authB);
  }

  private static HeldState keepAuthorization(HeldState current, HeldState offered) {
    byte[] authA = offered.hunterAuthA() != null ? offered.hunterAuthA() : current.hunterAuthA();
    byte[] authB = offered.hunterAuthB() != null ? offered.hunterAuthB() : current.hunterAuthB();
    return withAuth(offered, authA, authB);
  }

  private static HeldState withAuth(HeldState state, byte[] authA, byte[] authB) {
    return new HeldState(
        state.channelId(),
        state.nonce(),
        state.balanceA(),
        state.balanceB(),
        state.sigA(),
        state.sigB(),
        state.signerA(),
        state.signerB(),
        authA,
        authB,
        state.client(),
        state.acceptedBlock(),
        state.acceptedAt(),
        state.expiresAt());
  }

  private static RateLimited tooMany(Gatekeeper.Admission.Refused refusal) {
    return new RateLimited(
        new Problem(
            "urn:vigil:problem:too-many-requests",
            "Too Many Requests",
            429,
            refusal.reason() + "; retry after " + refusal.retryAfterSeconds() + "s",
            "hunterAuthorization.signature"),
        refusal.retryAfterSeconds());
  }

  /** A refusal by the {@link Gatekeeper}: answered 429 with a Retry-After header. */
  public static final class RateLimited extends RuntimeException {
    private final transient Problem problem;
    private final long retryAfterSeconds;

    RateLimited(Problem problem, long retryAfterSeconds) {
      super(problem.detail());
      this.problem = problem;
      this.retryAfterSeconds = retryAfterSeconds;
    }

    public Problem problem() {
      return problem;
    }

    public long retryAfterSeconds() {
      return retryAfterSeconds;
    }
  }

  private static String match(String value, int hexDigits, String field, String expected) {
    if (value == null) {
      throw ProblemException.invalidField(field, "required");
    }
    if (!Hex.isHex(value, hexDigits)) {
      throw ProblemException.invalidField(field, "must be " + expected);
    }
    return value.toLowerCase(Locale.ROOT);
  }

  private static BigInteger uint(String value, String field) {
    if (value == null) {
      throw ProblemException.invalidField(field, "required");
    }
    if (value.isEmpty()
        || value.length() > 78
        || !value.chars().allMatch(c -> c >= '0' && c <= '9')) {
      throw ProblemException.invalidField(field, "must be a decimal amount of wei");
    }
    BigInteger amount = new BigInteger(value);
    if (amount.compareTo(UINT256_MAX) > 0) {
      throw ProblemException.invalidField(field, "exceeds uint256");
    }
    return amount;
  }
}
