package io.vigil.watcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vigil.core.api.Problem;
import io.vigil.core.api.ProblemException;
import io.vigil.core.api.channel.StateForm;
import io.vigil.core.channel.ChannelState;
import java.math.BigInteger;
import java.util.Optional;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.web3j.utils.Numeric;

class DelegationParserTest {

  private static final String CHANNEL = "0x" + "Ab".repeat(32);
  private static final String HUNTER = "0x" + "dd".repeat(20);
  // r and s as filler, v = 27 or 28 (a signature's v is checked while parsing)
  private static final String SIG_A = "0x" + "11".repeat(64) + "1b";
  private static final String SIG_B = "0x" + "22".repeat(64) + "1c";
  private static final String AUTH = "0x" + "33".repeat(64) + "1b";
  private static final String UINT256_MAX =
      BigInteger.TWO.pow(256).subtract(BigInteger.ONE).toString();

  private final DelegationParser parser = new DelegationParser(Optional.of(31337L), () -> HUNTER);

  @Test
  void shouldParseAWellFormedDelegationIntoLowerCaseHexAndAmounts() {
    Offer offer = parser.parse(delegation());

    ChannelState state = offer.signed().state();
    assertThat(offer.channelId()).isEqualTo(CHANNEL.toLowerCase());
    assertThat(state.nonce()).isEqualTo(7);
    assertThat(state.balanceA()).isEqualTo(BigInteger.valueOf(100));
    assertThat(state.balanceB()).isEqualTo(new BigInteger(UINT256_MAX));
    assertThat(offer.signed().signatureA().toBytes())
        .hasSize(65)
        .isEqualTo(Numeric.hexStringToByteArray(SIG_A));
    assertThat(offer.signed().signatureB().toBytes())
        .hasSize(65)
        .isEqualTo(Numeric.hexStringToByteArray(SIG_B));
    assertThat(offer.hunter()).isEqualTo(HUNTER);
    assertThat(offer.authSig()).hasSize(65).isEqualTo(Numeric.hexStringToByteArray(AUTH));
  }

  @Test
  void shouldAcceptTheHunterInUpperCaseHex() {
    Delegation body = authorization("0x" + "DD".repeat(20), AUTH);

    assertThat(parser.parse(body).hunter()).isEqualTo(HUNTER);
  }

  @Test
  void shouldRefuseAMissingBodyChainOrState() {
    assertRefused(null, "body", "a JSON object is required");
    assertRefused(
        with(d -> new Delegation(null, d.state(), d.sigA(), d.sigB(), d.hunterAuthorization())),
        "chainId",
        "required");
    assertRefused(
        with(d -> new Delegation(d.chainId(), null, d.sigA(), d.sigB(), d.hunterAuthorization())),
        "state",
        "required");
  }

  @Test
  void shouldRefuseAnotherChainAsUnknown() {
    Delegation body =
        with(d -> new Delegation(1L, d.state(), d.sigA(), d.sigB(), d.hunterAuthorization()));

    assertThatThrownBy(() -> parser.parse(body))
        .isInstanceOfSatisfying(
            ProblemException.class,
            refusal ->
                assertThat(refusal.problem())
                    .isEqualTo(
                        new Problem(
                            "urn:vigil:problem:unknown-chain",
                            "Bad Request",
                            400,
                            "chainId: this watcher follows chain 31337, not 1",
                            "chainId")));
  }

  @Test
  void shouldTakeAnyChainWhenNoneIsConfigured() {
    DelegationParser any = new DelegationParser(Optional.empty(), () -> HUNTER);
    Delegation body =
        with(d -> new Delegation(1L, d.state(), d.sigA(), d.sigB(), d.hunterAuthorization()));

    assertThat(any.parse(body).signed().state().nonce()).isEqualTo(7);
  }

  @Test
  void shouldRefuseAMalformedChannelIdOrNonce() {
    assertRefused(state("0x01", "7", "100", "1"), "state.channelId", "must be 32 bytes as 0x hex");
    assertRefused(state(null, "7", "100", "1"), "state.channelId", "required");
    assertRefused(state(CHANNEL, null, "100", "1"), "state.nonce", "required");
    assertRefused(state(CHANNEL, "-1", "100", "1"), "state.nonce", "must be between 0 and 2^63-1");
  }

  @Test
  void shouldRefuseAmountsThatAreNotDecimalUint256() {
    assertRefused(state(CHANNEL, "7", null, "1"), "state.balanceA", "required");
    assertRefused(
        state(CHANNEL, "7", "", "1"), "state.balanceA", "must be a decimal amount of wei");
    assertRefused(
        state(CHANNEL, "7", "-1", "1"), "state.balanceA", "must be a decimal amount of wei");
    assertRefused(
        state(CHANNEL, "7", "0x10", "1"), "state.balanceA", "must be a decimal amount of wei");
    assertRefused(
        state(CHANNEL, "7", "1", "9".repeat(79)),
        "state.balanceB",
        "must be a decimal amount of wei");
    assertRefused(
        state(CHANNEL, "7", "1", new BigInteger(UINT256_MAX).add(BigInteger.ONE).toString()),
        "state.balanceB",
        "exceeds uint256");
  }

  @Test
  void shouldRefuseSignaturesOfTheWrongLength() {
    assertRefused(signatures(null, SIG_B), "sigA", "required");
    assertRefused(signatures(SIG_A, "0x" + "22".repeat(64)), "sigB", "must be 65 bytes");
  }

  @Test
  void shouldRefuseAMissingOrForeignHunterAuthorization() {
    assertRefused(
        with(d -> new Delegation(d.chainId(), d.state(), d.sigA(), d.sigB(), null)),
        "hunterAuthorization",
        "required");
    assertRefused(
        authorization("0x1234", AUTH),
        "hunterAuthorization.hunter",
        "must be an address as 0x hex");
    assertRefused(
        authorization("0x" + "ee".repeat(20), AUTH),
        "hunterAuthorization.hunter",
        "must name this watcher's hunter " + HUNTER);
    assertRefused(
        authorization(HUNTER, "0x" + "33".repeat(66)),
        "hunterAuthorization.signature",
        "must be 65 bytes");
  }

  @Test
  void shouldNameTheFirstFieldAtFault() {
    Delegation body =
        new Delegation(
            31337L,
            new StateForm(CHANNEL, "7", "x", "y"),
            "bad",
            "bad",
            new Delegation.HunterAuthorization("bad", "bad"));

    assertRefused(body, "state.balanceA", "must be a decimal amount of wei");
  }

  private void assertRefused(Delegation body, String field, String reason) {
    assertThatThrownBy(() -> parser.parse(body))
        .isInstanceOfSatisfying(
            ProblemException.class,
            refusal ->
                assertThat(refusal.problem()).isEqualTo(Problem.invalidField(field, reason)));
  }

  private static Delegation delegation() {
    return new Delegation(
        31337L,
        new StateForm(CHANNEL, "7", "100", UINT256_MAX),
        SIG_A,
        SIG_B,
        new Delegation.HunterAuthorization(HUNTER, AUTH));
  }

  private static Delegation with(UnaryOperator<Delegation> change) {
    return change.apply(delegation());
  }

  private static Delegation state(
      String channelId, String nonce, String balanceA, String balanceB) {
    return with(
        d ->
            new Delegation(
                d.chainId(),
                new StateForm(channelId, nonce, balanceA, balanceB),
                d.sigA(),
                d.sigB(),
                d.hunterAuthorization()));
  }

  private static Delegation signatures(String sigA, String sigB) {
    return with(d -> new Delegation(d.chainId(), d.state(), sigA, sigB, d.hunterAuthorization()));
  }

  private static Delegation authorization(String hunter, String signature) {
    return with(
        d ->
            new Delegation(
                d.chainId(),
                d.state(),
                d.sigA(),
                d.sigB(),
                new Delegation.HunterAuthorization(hunter, signature)));
  }
}
