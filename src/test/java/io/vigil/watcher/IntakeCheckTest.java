package io.vigil.watcher;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.core.chain.HubEvent;
import io.vigil.core.chain.LogPosition;
import io.vigil.core.channel.ChannelId;
import io.vigil.core.crypto.Address;
import io.vigil.core.messaging.ChannelEvent;
import io.vigil.core.messaging.Poison;
import io.vigil.core.messaging.Reading;
import io.vigil.core.messaging.TransactionOutcome;
import io.vigil.core.messaging.TransactionOutcome.Status;
import java.math.BigInteger;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class IntakeCheckTest {

  static final String CHANNEL = "0x" + "c3".repeat(32);
  static final String BLOCK = "0x" + "b1".repeat(32);
  static final String TX = "0x" + "7a".repeat(32);
  static final String A = "0x" + "aa".repeat(20);
  static final String B = "0x" + "bb".repeat(20);

  static ChannelEvent closeStarted(Map<String, String> fields) {
    return ChannelEvent.of("CloseStarted", CHANNEL, LogPosition.of(12, BLOCK, TX, 3), fields);
  }

  static Map<String, String> closeFields() {
    return new HashMap<>(
        Map.of("closer", A, "partyA", A, "partyB", B, "nonce", "37", "deadline", "1700003600"));
  }

  static String problems(Reading<?> reading) {
    assertThat(reading).isInstanceOf(Reading.Unusable.class);
    Reading.Unusable<?> unusable = (Reading.Unusable<?>) reading;
    assertThat(unusable.poison()).isEqualTo(Poison.MALFORMED);
    return unusable.reason();
  }

  @Test
  void shouldAcceptEveryEventTypeTheChainRoleWrites() {
    IntakeCheck.EVENTS.forEach(
        (type, kinds) -> {
          Map<String, String> fields = new HashMap<>();
          kinds.forEach(
              (name, kind) ->
                  fields.put(name, kind == IntakeCheck.Kind.ADDRESS ? A : "1700000000"));
          String channel = type.equals("Withdrawn") ? null : CHANNEL;
          ChannelEvent event =
              ChannelEvent.of(type, channel, LogPosition.of(12, BLOCK, TX, 3), fields);

          ChainChange connected = usable(IntakeCheck.channelEvent(event));
          ChainChange retracted = usable(IntakeCheck.channelEvent(event.retraction()));
          assertThat(connected).as(type).isInstanceOf(ChainChange.Connected.class);
          assertThat(connected.event().getClass().getSimpleName()).as(type).isEqualTo(type);
          assertThat(connected.eventId()).as(type).isEqualTo(event.eventId());
          assertThat(retracted).as(type + " retracted").isInstanceOf(ChainChange.Retracted.class);
          assertThat(retracted.event()).as(type + " retracted").isEqualTo(connected.event());
        });
  }

  static ChainChange usable(Reading<ChainChange> reading) {
    assertThat(reading).isInstanceOf(Reading.Usable.class);
    return ((Reading.Usable<ChainChange>) reading).value();
  }

  @Test
  void shouldReadEachFieldIntoTheTypedEventOnce() {
    ChainChange change = usable(IntakeCheck.channelEvent(closeStarted(closeFields())));

    assertThat(change.event())
        .isEqualTo(
            new HubEvent.CloseStarted(
                ChannelId.of(CHANNEL),
                Address.of(A),
                Address.of(A),
                Address.of(B),
                37,
                1_700_003_600,
                LogPosition.of(12, BLOCK, TX, 3)));
    assertThat(change.inboxKey()).isEqualTo(BLOCK + ":3");
    assertThat(change.oppositeKey()).isEqualTo("retract:" + BLOCK + ":3");
  }

  @Test
  void shouldKeyARetractionApartFromTheConnectionOfTheSameEvent() {
    ChainChange retracted =
        usable(IntakeCheck.channelEvent(closeStarted(closeFields()).retraction()));

    assertThat(retracted.inboxKey()).isEqualTo("retract:" + BLOCK + ":3");
    assertThat(retracted.oppositeKey()).isEqualTo(BLOCK + ":3");
  }

  @Test
  void shouldReadAddressesInAnyLetterCaseAsOneAddress() {
    Map<String, String> fields = closeFields();
    fields.put("closer", A.toUpperCase(java.util.Locale.ROOT).replace("0X", "0x"));

    HubEvent.CloseStarted close =
        (HubEvent.CloseStarted) usable(IntakeCheck.channelEvent(closeStarted(fields))).event();

    assertThat(close.closer()).isEqualTo(Address.of(A));
  }

  @Test
  void shouldRefuseAnUnknownEventType() {
    ChannelEvent event =
        ChannelEvent.of("ChannelRenamed", CHANNEL, LogPosition.of(12, BLOCK, TX, 3), Map.of());

    assertThat(problems(IntakeCheck.channelEvent(event)))
        .isEqualTo("unknown event type ChannelRenamed");
    assertThat(
            problems(
                IntakeCheck.channelEvent(
                    ChannelEvent.of(null, CHANNEL, LogPosition.of(1, BLOCK, TX, 0), null))))
        .isEqualTo("unknown event type null");
  }

  @Test
  void shouldRefuseAnEventMissingAFieldItsTypeCarries() {
    Map<String, String> fields = closeFields();
    fields.remove("deadline");

    assertThat(problems(IntakeCheck.channelEvent(closeStarted(fields))))
        .isEqualTo("CloseStarted.deadline must be number, is null");
  }

  @Test
  void shouldRefuseFieldsNotWrittenAsTheChainRoleWritesThem() {
    Map<String, String> fields = closeFields();
    fields.put("closer", "alice");
    fields.put("nonce", "-1");

    assertThat(problems(IntakeCheck.channelEvent(closeStarted(fields))))
        .contains("CloseStarted.closer must be address, is alice")
        .contains("CloseStarted.nonce must be number, is -1");
  }

  @Test
  void shouldRefuseANonceTheWatcherCannotHold() {
    Map<String, String> fields = closeFields();
    fields.put("nonce", "18446744073709551615");

    assertThat(problems(IntakeCheck.channelEvent(closeStarted(fields))))
        .isEqualTo("CloseStarted.nonce must be number, is 18446744073709551615");
  }

  @Test
  void shouldRefuseAChannelEventWithoutChannelAndAWithdrawalWithOne() {
    ChannelEvent noChannel =
        ChannelEvent.of("CloseStarted", null, LogPosition.of(12, BLOCK, TX, 3), closeFields());
    ChannelEvent withdrawn =
        ChannelEvent.of(
            "Withdrawn",
            CHANNEL,
            LogPosition.of(12, BLOCK, TX, 3),
            Map.of("account", A, "amount", "5"));

    assertThat(problems(IntakeCheck.channelEvent(noChannel)))
        .isEqualTo("channelId must be 0x followed by 64 hex digits");
    assertThat(problems(IntakeCheck.channelEvent(withdrawn)))
        .isEqualTo("Withdrawn concerns no channel, but channelId is set");
  }

  @Test
  void shouldRefuseAnEventWhosePositionIsMalformed() {
    ChannelEvent event =
        new ChannelEvent(
            "0x12:3", false, "CloseStarted", CHANNEL, -1, "0x12", "0xzz", 3, closeFields());

    assertThat(problems(IntakeCheck.channelEvent(event)))
        .contains("blockHash must be 0x followed by 64 hex digits")
        .contains("txHash must be 0x followed by 64 hex digits")
        .contains("blockNumber and logIndex must not be negative");
  }

  @Test
  void shouldRefuseAnEventIdThatIsNotItsPosition() {
    ChannelEvent event =
        new ChannelEvent(
            BLOCK + ":4", false, "CloseStarted", CHANNEL, 12, BLOCK, TX, 3, closeFields());

    assertThat(problems(IntakeCheck.channelEvent(event)))
        .isEqualTo("eventId must be <blockHash>:<logIndex>");
  }

  static TransactionOutcome outcome(String requestId, Status status, String txHash) {
    return new TransactionOutcome(
        requestId, status, txHash, 12, 1, BigInteger.valueOf(21_000), BigInteger.TEN, null);
  }

  @Test
  void shouldAcceptAnOutcomeOfAnyRequest() {
    TransactionOutcome included = outcome("dispute:" + CHANNEL + ":37", Status.INCLUDED, TX);
    TransactionOutcome pending = outcome("raw:" + TX, Status.PENDING, null);

    assertThat(IntakeCheck.outcome(included)).isEqualTo(Reading.usable(included));
    assertThat(IntakeCheck.outcome(pending)).isEqualTo(Reading.usable(pending));
  }

  @Test
  void shouldRefuseAnOutcomeWithoutRequestOrStatus() {
    assertThat(problems(IntakeCheck.outcome(outcome(null, null, TX))))
        .isEqualTo(
            "requestId must be 1 to 200 printable ASCII characters, no spaces; status is"
                + " missing");
    assertThat(problems(IntakeCheck.outcome(outcome("x".repeat(201), Status.FAILED, null))))
        .startsWith("requestId must be");
  }

  @Test
  void shouldRefuseAnOutcomeWithMalformedNumbersOrHash() {
    TransactionOutcome outcome =
        new TransactionOutcome(
            "settle:1", Status.CONFIRMED, "0x1", -1, 0, BigInteger.valueOf(-1), null, null);

    assertThat(problems(IntakeCheck.outcome(outcome)))
        .isEqualTo(
            "txHash must be 0x followed by 64 hex digits; blockNumber and confirmations must not"
                + " be negative; gasUsed and effectiveGasPrice must not be negative");
  }
}
