package io.vigil.watcher;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.vigil.core.api.Problem;
import io.vigil.core.api.ProblemException;
import io.vigil.core.config.VigilConfig;
import io.vigil.watcher.persistence.HeldState;
import io.vigil.watcher.persistence.WatchedChannel;
import io.vigil.watcher.persistence.WatcherRepository;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.Response;
import java.math.BigInteger;
import java.time.Clock;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;
import org.web3j.utils.Numeric;

/**
 * Accepts delegated states: checks every field, both state signatures against the channel's parties
 * and the hunter authorization, admits the client through the {@link Gatekeeper}, keeps only the
 * newest state per channel, and answers only once it is durable. A state delegated while a stale
 * close is already on chain is disputed at once, in the same transaction.
 */
@ApplicationScoped
public class Delegations {

  private static final Pattern BYTES32 = Pattern.compile("0x[0-9a-fA-F]{64}");
  private static final Pattern ADDRESS = Pattern.compile("0x[0-9a-fA-F]{40}");
  private static final Pattern SIGNATURE = Pattern.compile("0x[0-9a-fA-F]{130}");
  private static final Pattern UINT = Pattern.compile("[0-9]{1,78}");
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

  /** Accepts a delegation or throws a {@link ProblemException} naming the field at fault. */
  public Accepted delegate(Delegation body) {
    try {
      return accept(body);
    } catch (ProblemException | RateLimited refusal) {
      refused.increment();
      throw refusal;
    }
  }

  private Accepted accept(Delegation body) {
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
    long nonce = state.nonce();
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

    String signerA =
        signatures
            .stateSigner(channelId, nonce, balanceA, balanceB, sigA)
            .orElseThrow(() -> ProblemException.invalidField("sigA", "not a valid signature"));
    String signerB =
        signatures
            .stateSigner(channelId, nonce, balanceA, balanceB, sigB)
            .orElseThrow(() -> ProblemException.invalidField("sigB", "not a valid signature"));
    if (signerA.equalsIgnoreCase(signerB)) {
      throw ProblemException.invalidField("sigB", "both signatures are by the same key");
    }
    String client =
        signatures
            .hunterAuthorizer(channelId, hunter, authSig)
            .orElseThrow(
                () ->
                    ProblemException.invalidField(
                        "hunterAuthorization.signature", "not a valid signature"));
    if (gatekeeper.admitRequest(client) instanceof Gatekeeper.Admission.Refused slow) {
      throw tooMany(slow);
    }
    long acceptedAtBlock = head.latest().number();
    Instant now = clock.instant();

    Outcome outcome =
        QuarkusTransaction.requiringNew()
            .call(
                () -> {
                  Optional<HeldState> held = repository.lockState(channelId);
                  Optional<WatchedChannel> channel = repository.findChannel(channelId);
                  Optional<Instant> expiresAt = Optional.empty();
                  if (channel.isPresent()) {
                    checkParties(channel.get(), signerA, signerB, balanceA, balanceB);
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
                          channelId,
                          nonce,
                          balanceA,
                          balanceB,
                          sigA,
                          sigB,
                          signerA.toLowerCase(Locale.ROOT),
                          signerB.toLowerCase(Locale.ROOT),
                          fromA ? authSig : null,
                          fromA ? null : authSig,
                          client.toLowerCase(Locale.ROOT),
                          acceptedAtBlock,
                          now,
                          expiresAt);
                  if (held.isPresent()) {
                    HeldState current = held.get();
                    if (nonce < current.nonce()) {
                      throw ProblemException.of(
                          Response.Status.CONFLICT,
                          "stale-nonce",
                          "state.nonce: Vigil holds nonce " + current.nonce() + " already",
                          "state.nonce");
                    }
                    if (nonce == current.nonce()) {
                      if (!current.sameStateAs(offered)) {
                        throw ProblemException.of(
                            Response.Status.CONFLICT,
                            "conflicting-state",
                            "state: a different state with nonce " + nonce + " is held",
                            "state");
                      }
                      HeldState merged = mergeAuthorization(current, offered);
                      if (merged != current) {
                        repository.saveState(merged);
                      }
                      return new Outcome(merged, false, false);
                    }
                    // newer: keep the other party's authorization if it still signs the state
                    offered = keepAuthorization(current, offered);
                  } else {
                    long watched = repository.countStatesOf(client);
                    if (gatekeeper.admitNewChannel(client, watched)
                        instanceof Gatekeeper.Admission.Refused full) {
                      throw tooMany(full);
                    }
                  }
                  repository.saveState(offered);
                  boolean requested = channel.isPresent() && watcher.review(channelId);
                  return new Outcome(offered, true, requested);
                });
    if (outcome.requested()) {
      outbox.flush();
    }
    if (outcome.created()) {
      accepted.increment();
    }
    HeldState kept = outcome.state();
    byte[] signature = signatures.signReceipt(channelId, kept.nonce(), kept.acceptedBlock());
    return new Accepted(
        new Receipt(
            channelId,
            kept.nonce(),
            kept.acceptedBlock(),
            signatures.receiptSigner(),
            Numeric.toHexString(signature)),
        outcome.created());
  }

  private record Outcome(HeldState state, boolean created, boolean requested) {}

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
          "balanceA + balanceB exceeds the channel's deposits (" + channel.total() + ")");
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

  private static String match(String value, Pattern pattern, String field, String expected) {
    if (value == null) {
      throw ProblemException.invalidField(field, "required");
    }
    if (!pattern.matcher(value).matches()) {
      throw ProblemException.invalidField(field, "must be " + expected);
    }
    return value.toLowerCase(Locale.ROOT);
  }

  private static BigInteger uint(String value, String field) {
    if (value == null) {
      throw ProblemException.invalidField(field, "required");
    }
    if (!UINT.matcher(value).matches()) {
      throw ProblemException.invalidField(field, "must be a decimal amount of wei");
    }
    BigInteger amount = new BigInteger(value);
    if (amount.compareTo(UINT256_MAX) > 0) {
      throw ProblemException.invalidField(field, "exceeds uint256");
    }
    return amount;
  }
}
