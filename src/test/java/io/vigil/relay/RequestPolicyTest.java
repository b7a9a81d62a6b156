package io.vigil.relay;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.core.chain.HubAbi;
import io.vigil.core.messaging.Poison;
import io.vigil.core.messaging.Reading;
import io.vigil.core.messaging.TransactionRequest;
import io.vigil.core.messaging.TransactionRequest.Purpose;
import io.vigil.testsupport.contract.ChannelHub;
import java.math.BigInteger;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class RequestPolicyTest {

  static final String HUB = "0x" + "Ab".repeat(20);
  static final String DISPUTER = "0x" + "d1".repeat(20);
  static final String POSTER = "0x" + "e2".repeat(20);
  static final String OUTSIDER = "0x" + "99".repeat(20);
  static final String CHANNEL = "0x" + "c3".repeat(32);
  static final HubAbi ABI = HubAbi.hub();

  static final RequestPolicy POLICY =
      RequestPolicy.of(
          Optional.of(HUB),
          ABI,
          (from, purpose) ->
              from != null
                  && HotKeys.useOf(purpose)
                      .map(
                          use ->
                              from.equalsIgnoreCase(use == HotKeys.Use.DISPUTE ? DISPUTER : POSTER))
                      .orElse(false));

  /** A well-formed call of the function {@code purpose} names. */
  static String callFor(Purpose purpose) {
    byte[] channel = org.web3j.utils.Numeric.hexStringToByteArray(CHANNEL);
    byte[] sig = new byte[65];
    BigInteger one = BigInteger.ONE;
    return switch (purpose) {
      case DISPUTE ->
          RelayTestChain.stateCall(ChannelHub.FUNC_DISPUTE, channel, 2, one, one, sig, sig, sig);
      case SETTLE -> RelayTestChain.settleCall(channel);
      case WITHDRAW -> RelayTestChain.withdrawCall();
      case CLOSE -> RelayTestChain.stateCall(ChannelHub.FUNC_CLOSE, channel, 2, one, one, sig, sig);
      case CHECKPOINT ->
          RelayTestChain.stateCall(ChannelHub.FUNC_CHECKPOINT, channel, 2, one, one, sig, sig);
      case COOPERATIVE_CLOSE ->
          RelayTestChain.stateCall(
              ChannelHub.FUNC_COOPERATIVECLOSE, channel, 2, one, one, sig, sig);
      case CLIENT_RAW -> "0x";
    };
  }

  static String keyFor(Purpose purpose) {
    return HotKeys.useOf(purpose).orElseThrow() == HotKeys.Use.DISPUTE ? DISPUTER : POSTER;
  }

  static TransactionRequest request(Purpose purpose) {
    return TransactionRequest.own(
        purpose.name().toLowerCase(Locale.ROOT) + ":" + CHANNEL,
        purpose,
        keyFor(purpose),
        HUB.toLowerCase(Locale.ROOT),
        callFor(purpose),
        1_700_000_000L,
        BigInteger.TEN,
        CHANNEL);
  }

  static TransactionRequest with(
      TransactionRequest r, String from, String to, String data, BigInteger value) {
    return new TransactionRequest(
        r.requestId(),
        r.purpose(),
        from,
        to,
        data,
        value,
        r.rawTransaction(),
        r.deadline(),
        r.valueAtStake(),
        r.channelId());
  }

  /** The refusal of {@code purpose}'s own call to the hub, sent from {@code from}. */
  static String refusalFrom(Purpose purpose, String from) {
    return refusal(with(request(purpose), from, HUB, callFor(purpose), BigInteger.ZERO));
  }

  /** Why the policy refuses a request for {@code purpose} from the dispute key to the hub. */
  static String hubCallRefusal(Purpose purpose, String data, BigInteger value) {
    return refusal(with(request(purpose), DISPUTER, HUB, data, value));
  }

  static String refusal(TransactionRequest request) {
    Reading<TransactionRequest> reading = POLICY.admit(request);
    assertThat(reading).isInstanceOf(Reading.Unusable.class);
    Reading.Unusable<TransactionRequest> refused = (Reading.Unusable<TransactionRequest>) reading;
    assertThat(refused.poison()).isEqualTo(Poison.REFUSED);
    return refused.reason();
  }

  @ParameterizedTest
  @EnumSource(value = Purpose.class, names = "CLIENT_RAW", mode = EnumSource.Mode.EXCLUDE)
  void shouldAdmitACallOfThePurposesHubFunctionFromAKeyForThatPurpose(Purpose purpose) {
    TransactionRequest request = request(purpose);

    assertThat(POLICY.admit(request)).isEqualTo(Reading.usable(request));
  }

  @Test
  void shouldAdmitARequestThatNamesNoValue() {
    TransactionRequest request =
        with(request(Purpose.SETTLE), DISPUTER, HUB, callFor(Purpose.SETTLE), null);

    assertThat(POLICY.admit(request)).isInstanceOf(Reading.Usable.class);
  }

  @Test
  void shouldRefuseToSendValueToAnOutsideAddressFromTheDisputeKey() {
    String reason =
        refusal(with(request(Purpose.WITHDRAW), DISPUTER, OUTSIDER, "0x", BigInteger.TEN.pow(18)));

    assertThat(reason)
        .contains("to must be the hub " + HUB.toLowerCase(Locale.ROOT) + ", is " + OUTSIDER)
        .contains("value must be 0, is 1000000000000000000")
        .contains("data must call withdraw, has no function selector");
  }

  @Test
  void shouldRefuseAnyValueEvenOnAHubCall() {
    assertThat(hubCallRefusal(Purpose.DISPUTE, callFor(Purpose.DISPUTE), BigInteger.ONE))
        .isEqualTo("value must be 0, is 1");
  }

  @Test
  void shouldRefuseACallOfAnotherHubFunctionThanThePurposeNames() {
    String withdrawable = RelayTestChain.withdrawableCall(DISPUTER);

    assertThat(hubCallRefusal(Purpose.WITHDRAW, withdrawable, BigInteger.ZERO))
        .isEqualTo("a WITHDRAW request may only call withdraw, data calls withdrawable");
    assertThat(hubCallRefusal(Purpose.DISPUTE, callFor(Purpose.SETTLE), BigInteger.ZERO))
        .isEqualTo("a DISPUTE request may only call dispute, data calls settle");
  }

  @Test
  void shouldNameAnUnknownSelectorByItsHex() {
    assertThat(hubCallRefusal(Purpose.SETTLE, "0xdeadbeef", BigInteger.ZERO))
        .isEqualTo("a SETTLE request may only call settle, data calls 0xdeadbeef");
  }

  @Test
  void shouldRefuseDataThatIsNotHex() {
    assertThat(hubCallRefusal(Purpose.SETTLE, "0xzz", BigInteger.ZERO))
        .isEqualTo("data must be 0x hex");
    assertThat(hubCallRefusal(Purpose.SETTLE, null, BigInteger.ZERO))
        .isEqualTo("data must be 0x hex");
  }

  @Test
  void shouldRefuseAClientSignedTransactionOnTheTopic() {
    TransactionRequest raw =
        new TransactionRequest(
            "raw:0x01",
            Purpose.CLIENT_RAW,
            OUTSIDER,
            HUB,
            "0x",
            BigInteger.ZERO,
            "0x02",
            0,
            null,
            null);
    TransactionRequest rawInOwn =
        new TransactionRequest(
            "settle:x",
            Purpose.SETTLE,
            DISPUTER,
            HUB,
            callFor(Purpose.SETTLE),
            BigInteger.ZERO,
            "0x02f8",
            0,
            null,
            null);

    assertThat(refusal(raw))
        .contains("client-signed transactions are submitted through POST /v1/relay/transactions");
    assertThat(refusal(rawInOwn))
        .isEqualTo(
            "client-signed transactions are submitted through POST /v1/relay/transactions, not"
                + " on vigil.tx-requests");
  }

  @Test
  void shouldRefuseARequestWithoutPurpose() {
    TransactionRequest request =
        new TransactionRequest(
            "x:1",
            null,
            DISPUTER,
            HUB,
            callFor(Purpose.SETTLE),
            BigInteger.ZERO,
            null,
            0,
            null,
            null);

    assertThat(refusal(request)).isEqualTo("purpose is missing");
  }

  @Test
  void shouldRefuseASenderThatIsNotAKeyForThePurpose() {
    assertThat(refusalFrom(Purpose.DISPUTE, POSTER))
        .isEqualTo("from " + POSTER + " is not one of the relay's keys for DISPUTE");
    assertThat(refusalFrom(Purpose.CLOSE, DISPUTER))
        .isEqualTo("from " + DISPUTER + " is not one of the relay's keys for CLOSE");
    assertThat(refusalFrom(Purpose.SETTLE, OUTSIDER))
        .isEqualTo("from " + OUTSIDER + " is not one of the relay's keys for SETTLE");
  }

  @Test
  void shouldRefuseAMissingUnboundedOrUnprintableRequestId() {
    for (String id : new String[] {null, "", "x".repeat(201), "dispute: 1", "dispute:\u00e9"}) {
      TransactionRequest request = request(Purpose.SETTLE);
      TransactionRequest renamed =
          new TransactionRequest(
              id,
              request.purpose(),
              request.from(),
              request.to(),
              request.data(),
              request.value(),
              null,
              request.deadline(),
              request.valueAtStake(),
              request.channelId());

      assertThat(refusal(renamed))
          .as(String.valueOf(id))
          .isEqualTo("requestId must be 1 to 200 printable ASCII characters, no spaces");
    }
  }

  @Test
  void shouldRefuseNegativeNumbersAndAMalformedChannelId() {
    TransactionRequest request =
        new TransactionRequest(
            "settle:1",
            Purpose.SETTLE,
            DISPUTER,
            HUB,
            callFor(Purpose.SETTLE),
            BigInteger.ZERO,
            null,
            -1,
            BigInteger.valueOf(-5),
            "0x1234");

    assertThat(refusal(request))
        .isEqualTo(
            "deadline must not be negative; valueAtStake must not be negative; channelId must be"
                + " 0x followed by 64 hex digits");
  }

  @Test
  void shouldRefuseEveryRequestWhenNoHubIsConfigured() {
    RequestPolicy hubless = RequestPolicy.of(Optional.empty(), ABI, (from, purpose) -> true);

    Reading<TransactionRequest> reading = hubless.admit(request(Purpose.DISPUTE));

    assertThat(reading)
        .isEqualTo(
            Reading.unusable(
                Poison.REFUSED, "this relay has no hub configured (vigil.chain.hub-address)"));
  }

  @Test
  void shouldTakeEverySelectorFromTheCommittedAbi() {
    Map<Purpose, String> functions = RequestPolicy.FUNCTIONS;

    assertThat(functions)
        .doesNotContainKey(Purpose.CLIENT_RAW)
        .hasSize(Purpose.values().length - 1);
    functions.forEach(
        (purpose, function) ->
            assertThat(callFor(purpose)).startsWith(ABI.selector(function).orElseThrow()));
  }
}
