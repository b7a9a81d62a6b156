package io.vigil.core.api.channel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.vigil.core.api.Problem;
import io.vigil.core.api.ProblemException;
import io.vigil.core.channel.ChannelId;
import io.vigil.core.channel.ChannelState;
import io.vigil.core.channel.SignedState;
import io.vigil.core.crypto.Address;
import io.vigil.core.crypto.Signature;
import java.math.BigInteger;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;

class StateFieldsTest {

  private static final String CHANNEL = "0x" + "Ab".repeat(32);
  private static final String SIG_A = "0x" + "11".repeat(64) + "1b";
  private static final String SIG_B = "0x" + "22".repeat(64) + "1c";
  private static final String UINT256_MAX = ChannelState.MAX_UINT256.toString();

  private record Body(StateForm state, String sigA, String sigB) implements SignedStateForm {}

  @Test
  void shouldParseAWellFormedSignedStateIntoChannelValues() {
    SignedState signed =
        StateFields.signedState(
            new Body(new StateForm(CHANNEL, "7", "100", UINT256_MAX), SIG_A, SIG_B));

    assertThat(signed.state())
        .isEqualTo(
            ChannelState.of(
                ChannelId.of(CHANNEL), 7, BigInteger.valueOf(100), ChannelState.MAX_UINT256));
    assertThat(signed.signatureA()).isEqualTo(Signature.parse(SIG_A));
    assertThat(signed.signatureB()).isEqualTo(Signature.parse(SIG_B));
  }

  @Test
  void shouldNameTheFirstFieldAtFaultInWireOrder() {
    assertRefused(() -> StateFields.signedState(new Body(null, "bad", "bad")), "state", "required");
    assertRefused(
        () ->
            StateFields.signedState(new Body(new StateForm(CHANNEL, "x", "y", "z"), "bad", "bad")),
        "state.nonce",
        "must be a decimal integer");
    assertRefused(
        () -> StateFields.signedState(new Body(new StateForm(CHANNEL, "1", "2", "3"), SIG_A, "")),
        "sigB",
        "must be 65 bytes");
  }

  @Test
  void shouldRefuseMissingFieldsAsRequired() {
    assertRefused(() -> StateFields.channelId(null, "f"), "f", "required");
    assertRefused(() -> StateFields.address(null, "f"), "f", "required");
    assertRefused(() -> StateFields.bytes32(null, "f"), "f", "required");
    assertRefused(() -> StateFields.uint256(null, "f"), "f", "required");
    assertRefused(() -> StateFields.nonce(null, "f"), "f", "required");
    assertRefused(() -> StateFields.signature(null, "f"), "f", "required");
  }

  @Test
  void shouldTakeHexOfExactlyTheTypesLengthInAnyCase() {
    assertThat(StateFields.channelId(CHANNEL, "f").hex()).isEqualTo(CHANNEL.toLowerCase());
    assertThat(StateFields.bytes32(CHANNEL, "f")).hasSize(32).startsWith((byte) 0xab);
    assertThat(StateFields.address("0x" + "DD".repeat(20), "f"))
        .isEqualTo(Address.of("0x" + "dd".repeat(20)));

    assertRefused(() -> StateFields.channelId("0x01", "f"), "f", "must be 32 bytes as 0x hex");
    assertRefused(
        () -> StateFields.channelId(CHANNEL + "00", "f"), "f", "must be 32 bytes as 0x hex");
    assertRefused(
        () -> StateFields.bytes32(CHANNEL.substring(2) + "00", "f"),
        "f",
        "must be 32 bytes as 0x hex");
    assertRefused(
        () -> StateFields.address("0x" + "gg".repeat(20), "f"),
        "f",
        "must be an address as 0x hex");
  }

  @Test
  void shouldTakeUint256AsAtMost78DecimalDigits() {
    assertThat(StateFields.uint256("0", "f")).isZero();
    assertThat(StateFields.uint256(UINT256_MAX, "f")).isEqualTo(ChannelState.MAX_UINT256);

    for (String malformed : new String[] {"", "-1", "+1", "0x10", "1.5", "1e3", " 1"}) {
      assertRefused(
          () -> StateFields.uint256(malformed, "f"), "f", "must be a decimal amount of wei");
    }
    assertRefused(
        () -> StateFields.uint256("9".repeat(79), "f"), "f", "must be a decimal amount of wei");
    assertRefused(
        () -> StateFields.uint256(ChannelState.MAX_UINT256.add(BigInteger.ONE).toString(), "f"),
        "f",
        "exceeds uint256");
  }

  @Test
  void shouldTakeNoncesFromZeroToTheLargestLong() {
    assertThat(StateFields.nonce("0", "f")).isZero();
    assertThat(StateFields.nonce(Long.toString(Long.MAX_VALUE), "f")).isEqualTo(Long.MAX_VALUE);

    for (String malformed : new String[] {"", "-", "x", "0x10", "1.0", "1 "}) {
      assertRefused(() -> StateFields.nonce(malformed, "f"), "f", "must be a decimal integer");
    }
    for (String outOfRange :
        new String[] {
          "-1",
          BigInteger.valueOf(Long.MAX_VALUE).add(BigInteger.ONE).toString(),
          "9".repeat(10_000)
        }) {
      assertRefused(() -> StateFields.nonce(outOfRange, "f"), "f", "must be between 0 and 2^63-1");
    }
  }

  @Test
  void shouldTakeSignaturesOf65BytesWithAValidV() {
    assertThat(StateFields.signature(SIG_A, "f")).isEqualTo(Signature.parse(SIG_A));
    assertThat(StateFields.signature("0x" + "11".repeat(64) + "00", "f").v()).isEqualTo(27);

    assertRefused(() -> StateFields.signature("0x1234", "f"), "f", "must be 65 bytes");
    assertRefused(() -> StateFields.signature(SIG_A + "00", "f"), "f", "must be 65 bytes");
    assertRefused(
        () -> StateFields.signature("0x" + "11".repeat(65), "f"),
        "f",
        "must be 65 bytes ending in v 27 or 28");
  }

  @Test
  void shouldReadAnOptionalSignatureAsNoneWhenMissingOrEmpty() {
    assertThat(StateFields.optionalSignature(null, "f")).isEmpty();
    assertThat(StateFields.optionalSignature("", "f")).isEmpty();
    assertThat(StateFields.optionalSignature("0x", "f")).isEmpty();
    assertThat(StateFields.optionalSignature(SIG_A, "f")).contains(Signature.parse(SIG_A));
    assertRefused(() -> StateFields.optionalSignature("0x12", "f"), "f", "must be 65 bytes");
  }

  @Test
  void shouldStillAcceptNumbersSentAsJsonNumbers() throws Exception {
    String current =
        "{\"channelId\":\"" + CHANNEL + "\",\"nonce\":\"7\",\"balanceA\":\"1\",\"balanceB\":\"2\"}";
    String old = "{\"channelId\":\"" + CHANNEL + "\",\"nonce\":7,\"balanceA\":1,\"balanceB\":2}";
    ObjectMapper json = new ObjectMapper();

    ChannelState fromStrings = StateFields.state(json.readValue(current, StateForm.class), "s");
    ChannelState fromNumbers = StateFields.state(json.readValue(old, StateForm.class), "s");

    assertThat(fromNumbers).isEqualTo(fromStrings);
    assertThat(fromNumbers.nonce()).isEqualTo(7);
  }

  private static void assertRefused(ThrowingCallable parse, String field, String reason) {
    assertThatThrownBy(parse)
        .isInstanceOfSatisfying(
            ProblemException.class,
            refusal ->
                assertThat(refusal.problem()).isEqualTo(Problem.invalidField(field, reason)));
  }
}
