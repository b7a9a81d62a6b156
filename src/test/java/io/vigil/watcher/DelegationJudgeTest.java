package io.vigil.watcher;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.core.api.Problem;
import io.vigil.core.channel.ChannelId;
import io.vigil.core.channel.ChannelState;
import io.vigil.core.channel.SignedState;
import io.vigil.core.crypto.Signature;
import io.vigil.core.limits.RateLimit;
import io.vigil.testsupport.MutableClock;
import io.vigil.watcher.DelegationJudge.Decision;
import io.vigil.watcher.persistence.HeldState;
import io.vigil.watcher.persistence.HeldStateRepository.PendingCount;
import io.vigil.watcher.persistence.WatchedChannel;
import java.math.BigInteger;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

class DelegationJudgeTest {

  private static final String CHANNEL = "0x" + "01".repeat(32);
  private static final String A = "0x" + "aa".repeat(20);
  private static final String B = "0x" + "bb".repeat(20);
  private static final String STRANGER = "0x" + "cc".repeat(20);
  private static final BigInteger ETHER = BigInteger.TEN.pow(18);
  private static final Clock CLOCK = MutableClock.at(Instant.parse("2026-01-01T00:00:00Z"));
  private static final Instant NOW = CLOCK.instant();
  private static final Duration PENDING_EXPIRY = Duration.ofHours(6);
  private static final long BLOCK = 42;
  private static final PendingCount NO_PENDING = new PendingCount(0, null);
  private static final ChannelTerms TERMS =
      new ChannelTerms(CHANNEL, A, B, ETHER.multiply(BigInteger.TWO), BigInteger.ZERO, 3600);

  private final DelegationJudge judge =
      new DelegationJudge(
          new WatchPolicy(Duration.ofHours(1), ETHER.divide(BigInteger.TEN), 150_000, 2),
          new Gatekeeper(null, RateLimit.of(Gatekeeper.SCOPE, "delegations", 2.0, 3), 3, 2),
          PENDING_EXPIRY);

  @Test
  void shouldKeepANewStateOfAKnownChannelAndTakeAQuotaPlace() {
    Decision decision = decide(offer(5, A), Optional.empty(), Optional.of(open()), 0, null);

    Decision.Keep keep = keep(decision, true, true, true);
    assertThat(keep.state().nonce()).isEqualTo(5);
    assertThat(keep.state().client()).isEqualTo(A);
    assertThat(keep.state().hunterAuthA()).isEqualTo(authBy(A));
    assertThat(keep.state().hunterAuthB()).isNull();
    assertThat(keep.state().acceptedBlock()).isEqualTo(BLOCK);
    assertThat(keep.state().acceptedAt()).isEqualTo(NOW);
    assertThat(keep.state().expiresAt()).isEmpty();
  }

  @Test
  void shouldHoldAStateForAChannelNotOnChainUntilThePendingExpiry() {
    Decision decision = decide(offer(5, B), Optional.empty(), Optional.empty(), 0, NO_PENDING);

    assertThat(decision)
        .isInstanceOfSatisfying(
            Decision.Keep.class,
            keep -> {
              assertThat(keep.newChannel()).isTrue();
              assertThat(keep.state().expiresAt()).contains(NOW.plus(PENDING_EXPIRY));
              assertThat(keep.state().hunterAuthB()).isEqualTo(authBy(B));
            });
  }

  @Test
  void shouldAnswerTheSameStateAgainAsHeldWithoutWritingIt() {
    HeldState held = heldFromA(5);

    Decision again = decide(offer(5, A), Optional.of(held), Optional.of(open()), 1, null);

    assertThat(again).isEqualTo(new Decision.Keep(held, false, false, false));
  }

  @Test
  void shouldAddTheOtherPartysAuthorizationToTheSameStateAndWriteIt() {
    HeldState held = heldFromA(5);

    Decision decision = decide(offer(5, B), Optional.of(held), Optional.of(open()), 1, null);

    Decision.Keep keep = keep(decision, false, true, false);
    assertThat(keep.state().hunterAuthA()).isEqualTo(authBy(A));
    assertThat(keep.state().hunterAuthB()).isEqualTo(authBy(B));
  }

  @Test
  void shouldKeepANewerStateWithTheOtherPartysAuthorizationAndNoNewQuotaPlace() {
    HeldState held = heldFromA(5);

    Decision decision = decide(offer(6, B), Optional.of(held), Optional.of(open()), 3, null);

    Decision.Keep keep = keep(decision, true, true, false);
    assertThat(keep.state().nonce()).isEqualTo(6);
    assertThat(keep.state().hunterAuthA()).isEqualTo(authBy(A));
    assertThat(keep.state().hunterAuthB()).isEqualTo(authBy(B));
  }

  @Test
  void shouldRefuseAnOlderNonceAsStale() {
    HeldState held = heldFromA(5);

    assertThat(problemOf(decide(offer(4, A), Optional.of(held), Optional.of(open()), 1, null)))
        .isEqualTo(
            new Problem(
                "urn:vigil:problem:stale-nonce",
                "Conflict",
                409,
                "state.nonce: Vigil holds nonce 5 already",
                "state.nonce"));
  }

  @Test
  void shouldRefuseADifferentStateWithTheHeldNonceAsConflicting() {
    HeldState held = heldFromA(5);
    SignedOffer other = offer(5, A, ETHER, BigInteger.ZERO);

    assertThat(problemOf(decide(other, Optional.of(held), Optional.of(open()), 1, null)))
        .isEqualTo(
            new Problem(
                "urn:vigil:problem:conflicting-state",
                "Conflict",
                409,
                "state: a different state with nonce 5 is held",
                "state"));
  }

  @Test
  void shouldRefuseAStateOfASettledOrClosedChannel() {
    assertThat(problemOf(decide(offer(5, A), Optional.empty(), Optional.of(settled()), 0, null)))
        .isEqualTo(
            new Problem(
                "urn:vigil:problem:channel-closed",
                "Conflict",
                409,
                "state.channelId: the channel is settled",
                "state.channelId"));
  }

  @Test
  void shouldRefuseSwappedSignaturesAndSignersThatAreNotTheParties() {
    SignedOffer swapped = new SignedOffer(offer(5, A).offer(), B, A, A);
    SignedOffer stranger = new SignedOffer(offer(5, A).offer(), A, STRANGER, A);

    assertThat(problemOf(decide(swapped, Optional.empty(), Optional.of(open()), 0, null)))
        .isEqualTo(Problem.invalidField("sigA", "sigA and sigB are swapped"));
    assertThat(problemOf(decide(stranger, Optional.empty(), Optional.of(open()), 0, null)))
        .isEqualTo(
            Problem.invalidField(
                "sigB", "signed by " + STRANGER + ", who is not this party of the channel"));
  }

  @Test
  void shouldRefuseBalancesAboveTheDepositsSeenOnChain() {
    SignedOffer tooMuch = offer(5, A, ETHER, ETHER.add(BigInteger.ONE));

    assertThat(problemOf(decide(tooMuch, Optional.empty(), Optional.of(open()), 0, null)))
        .isEqualTo(
            Problem.invalidField(
                "state.balanceA",
                "balanceA + balanceB exceeds the channel's deposits seen on chain ("
                    + ETHER.multiply(BigInteger.TWO)
                    + "); a deposit counts once it is confirmed"));
  }

  @Test
  void shouldRefuseAnAuthorizationNotSignedByAParty() {
    SignedOffer foreign = new SignedOffer(offer(5, A).offer(), A, B, STRANGER);

    assertThat(problemOf(decide(foreign, Optional.empty(), Optional.empty(), 0, NO_PENDING)))
        .isEqualTo(
            Problem.invalidField(
                "hunterAuthorization.signature", "not signed by a party of the channel"));
  }

  @Test
  void shouldRefuseAStateOutsideTheWatchPolicyWith422() {
    SignedOffer small = offer(5, A, BigInteger.ONE, ETHER);

    Problem problem = problemOf(decide(small, Optional.empty(), Optional.of(open()), 0, null));

    assertThat(problem.type()).isEqualTo("urn:vigil:problem:watch-policy");
    assertThat(problem.status()).isEqualTo(422);
    assertThat(problem.field()).isEqualTo("state.balanceA");
  }

  @Test
  void shouldRefuseANewChannelOverTheClientsQuotaWith429() {
    Decision decision = decide(offer(5, A), Optional.empty(), Optional.of(open()), 3, null);

    assertLimited(
        decision,
        limited -> {
          assertThat(limited.retryAfterSeconds()).isEqualTo(3600);
          assertThat(limited.problem().status()).isEqualTo(429);
          assertThat(limited.problem().field()).isEqualTo("hunterAuthorization.signature");
        });
  }

  @Test
  void shouldRefuseAStateForAChannelNotOnChainOverThePendingCapUntilTheOldestExpires() {
    PendingCount full = new PendingCount(2, NOW.plusSeconds(90));

    Decision decision = decide(offer(5, A), Optional.empty(), Optional.empty(), 0, full);

    assertLimited(decision, limited -> assertThat(limited.retryAfterSeconds()).isEqualTo(90));
  }

  @Test
  void shouldNotCountTheQuotaForANewerStateOfAHeldChannel() {
    HeldState held = heldFromA(5);

    assertThat(decide(offer(6, A), Optional.of(held), Optional.of(open()), 3, null))
        .isInstanceOf(Decision.Keep.class);
  }

  private Decision decide(
      SignedOffer offer,
      Optional<HeldState> held,
      Optional<WatchedChannel> channel,
      long watched,
      PendingCount pending) {
    return judge.decide(offer, held, channel, watched, pending, BLOCK, CLOCK.instant());
  }

  private HeldState heldFromA(long nonce) {
    return kept(decide(offer(nonce, A), Optional.empty(), Optional.of(open()), 0, null));
  }

  /** The kept state's decision, after checking what it says about writing and the quota. */
  private static Decision.Keep keep(
      Decision decision, boolean created, boolean write, boolean newChannel) {
    assertThat(decision).isInstanceOf(Decision.Keep.class);
    Decision.Keep keep = (Decision.Keep) decision;
    assertThat(keep.created()).isEqualTo(created);
    assertThat(keep.write()).isEqualTo(write);
    assertThat(keep.newChannel()).isEqualTo(newChannel);
    return keep;
  }

  private static HeldState kept(Decision decision) {
    return ((Decision.Keep) decision).state();
  }

  /** Checks that {@code decision} refuses for a limit, and that the refusal meets {@code limit}. */
  private static void assertLimited(Decision decision, Consumer<Refusal.Limited> limit) {
    assertThat(decision)
        .isInstanceOfSatisfying(
            Decision.Refuse.class,
            refuse ->
                assertThat(refuse.refusal()).isInstanceOfSatisfying(Refusal.Limited.class, limit));
  }

  private static Problem problemOf(Decision decision) {
    assertThat(decision).isInstanceOf(Decision.Refuse.class);
    Refusal refusal = ((Decision.Refuse) decision).refusal();
    assertThat(refusal).isInstanceOf(Refusal.Invalid.class);
    return refusal.problem();
  }

  private static SignedOffer offer(long nonce, String client) {
    return offer(nonce, client, ETHER, ETHER);
  }

  private static SignedOffer offer(
      long nonce, String client, BigInteger balanceA, BigInteger balanceB) {
    Offer offer =
        new Offer(
            SignedState.of(
                ChannelState.of(ChannelId.of(CHANNEL), nonce, balanceA, balanceB),
                Signature.of(signature(1, balanceA)),
                Signature.of(signature(2, balanceB))),
            "0x" + "dd".repeat(20),
            authBy(client));
    return new SignedOffer(offer, A, B, client);
  }

  private static byte[] signature(int party, BigInteger balance) {
    byte[] signature = new byte[65];
    signature[0] = (byte) party;
    signature[1] = (byte) balance.hashCode();
    return signature;
  }

  private static byte[] authBy(String client) {
    byte[] signature = new byte[65];
    signature[0] = (byte) client.charAt(2);
    return signature;
  }

  private static WatchedChannel open() {
    return TERMS.open();
  }

  private static WatchedChannel settled() {
    return TERMS.settled();
  }
}
