package io.vigil.watcher;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.watcher.persistence.HeldState;
import io.vigil.watcher.persistence.WatchedChannel;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class AdoptionTest {

  private static final String A = "0x" + "aa".repeat(20);
  private static final String B = "0x" + "bb".repeat(20);
  private static final BigInteger ETHER = BigInteger.TEN.pow(18);

  private final WatchPolicy policy =
      new WatchPolicy(Duration.ofHours(1), ETHER.divide(BigInteger.TEN), 150_000, 2);

  @Test
  void shouldKeepAStateSignedByThePartiesOfAChannelWithinThePolicy() {
    assertThat(Adoption.of(held(A, B, A, ETHER), opened(A, B, 3600), policy))
        .isEqualTo(new Adoption.Kept());
  }

  @Test
  void shouldKeepItWhateverTheCaseOfTheAddresses() {
    assertThat(Adoption.of(held(A, B, A, ETHER), opened(A.toUpperCase(), B, 3600), policy))
        .isEqualTo(new Adoption.Kept());
  }

  @Test
  void shouldDropAStateWhoseSignersAreNotTheParties() {
    assertThat(Adoption.of(held(B, A, A, ETHER), opened(A, B, 3600), policy))
        .isEqualTo(new Adoption.NotTheParties());
    assertThat(Adoption.of(held(A, "0x" + "cc".repeat(20), A, ETHER), opened(A, B, 3600), policy))
        .isEqualTo(new Adoption.NotTheParties());
  }

  @Test
  void shouldDropAStateOfAChannelThatOpenedWithTooShortAChallengePeriod() {
    assertThat(Adoption.of(held(A, B, A, ETHER), opened(A, B, 60), policy))
        .isInstanceOfSatisfying(
            Adoption.OutsidePolicy.class,
            outside -> assertThat(outside.detail()).contains("challenge period is 60 s"));
  }

  @Test
  void shouldJudgeTheValueAtStakeForThePartyThatDelegated() {
    HeldState byB = held(A, B, B, ETHER);

    assertThat(Adoption.of(byB, opened(A, B, 3600), policy))
        .isInstanceOfSatisfying(
            Adoption.OutsidePolicy.class,
            outside -> assertThat(outside.detail()).startsWith("state.balanceB: 1 wei at stake"));
  }

  private static HeldState held(String signerA, String signerB, String client, BigInteger a) {
    return new HeldState(
        "0x" + "01".repeat(32),
        3,
        a,
        BigInteger.ONE,
        new byte[65],
        new byte[65],
        signerA,
        signerB,
        null,
        null,
        client,
        1,
        Instant.EPOCH,
        Optional.of(Instant.EPOCH.plusSeconds(60)));
  }

  private static WatchedChannel opened(String partyA, String partyB, long challengePeriod) {
    return new ChannelTerms(
            "0x" + "01".repeat(32),
            partyA,
            partyB,
            ETHER.multiply(BigInteger.TWO),
            BigInteger.ZERO,
            challengePeriod)
        .open();
  }
}
