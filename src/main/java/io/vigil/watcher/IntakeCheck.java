package io.vigil.watcher;

import io.vigil.core.chain.HubEvent;
import io.vigil.core.chain.LogPosition;
import io.vigil.core.channel.ChannelId;
import io.vigil.core.crypto.Address;
import io.vigil.core.messaging.ChannelEvent;
import io.vigil.core.messaging.Poison;
import io.vigil.core.messaging.Reading;
import io.vigil.core.messaging.TransactionOutcome;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Decides whether a record the watcher read is one it can apply: a channel event of a type it
 * knows, with every field that type carries in the form the chain role writes it (read once, here,
 * into the {@link HubEvent} it names), or a transaction outcome naming its request and status.
 * Anything else is dead-lettered before it touches the database, so a bad record cannot fail
 * half-applied. Pure.
 */
final class IntakeCheck {

  private IntakeCheck() {}

  /** How a field of a channel event is written. */
  enum Kind {
    /** {@code 0x} + 40 hex digits. */
    ADDRESS("0x[0-9a-fA-F]{40}"),
    /** A decimal uint256. */
    AMOUNT("[0-9]{1,78}"),
    /** A decimal that fits a Java long (nonces and deadlines). */
    NUMBER("[0-9]{1,18}");

    final Pattern pattern;

    Kind(String regex) {
      this.pattern = Pattern.compile(regex);
    }
  }

  /** The fields each event type carries, as the chain role's HubLogReader writes them. */
  static final Map<String, Map<String, Kind>> EVENTS =
      Map.of(
          "ChannelOpened",
          Map.of(
              "partyA", Kind.ADDRESS,
              "partyB", Kind.ADDRESS,
              "deposit", Kind.AMOUNT,
              "challengePeriod", Kind.NUMBER,
              "bounty", Kind.AMOUNT),
          "Deposited",
          Map.of("party", Kind.ADDRESS, "amount", Kind.AMOUNT, "total", Kind.AMOUNT),
          "Checkpointed",
          Map.of("nonce", Kind.NUMBER),
          "CloseStarted",
          Map.of(
              "closer", Kind.ADDRESS,
              "partyA", Kind.ADDRESS,
              "partyB", Kind.ADDRESS,
              "nonce", Kind.NUMBER,
              "deadline", Kind.NUMBER),
          "Disputed",
          Map.of("disputer", Kind.ADDRESS, "nonce", Kind.NUMBER, "bountyTo", Kind.ADDRESS),
          "Settled",
          Map.of(
              "balanceA", Kind.AMOUNT,
              "balanceB", Kind.AMOUNT,
              "bounty", Kind.AMOUNT,
              "bountyTo", Kind.ADDRESS),
          "CooperativelyClosed",
          Map.of("nonce", Kind.NUMBER, "balanceA", Kind.AMOUNT, "balanceB", Kind.AMOUNT),
          "Withdrawn",
          Map.of("account", Kind.ADDRESS, "amount", Kind.AMOUNT));

  /** The one event that concerns no channel. */
  static final String NO_CHANNEL = "Withdrawn";

  static final int MAX_REQUEST_ID = 200;
  private static final Pattern BYTES32 = Pattern.compile("0x[0-9a-fA-F]{64}");
  private static final Pattern REQUEST_ID =
      Pattern.compile("[\\x21-\\x7e]{1," + MAX_REQUEST_ID + "}");

  /**
   * The typed event with whether it joined or left the chain, if the watcher can apply it;
   * otherwise every way the record is malformed.
   */
  static Reading<ChainChange> channelEvent(ChannelEvent event) {
    Map<String, Kind> fields = event.type() == null ? null : EVENTS.get(event.type());
    if (fields == null) {
      return Reading.unusable(Poison.MALFORMED, "unknown event type " + event.type());
    }
    List<String> problems = new ArrayList<>();
    if (NO_CHANNEL.equals(event.type())) {
      if (event.channelId() != null) {
        problems.add(event.type() + " concerns no channel, but channelId is set");
      }
    } else if (event.channelId() == null || !BYTES32.matcher(event.channelId()).matches()) {
      problems.add("channelId must be 0x followed by 64 hex digits");
    }
    if (event.blockHash() == null || !BYTES32.matcher(event.blockHash()).matches()) {
      problems.add("blockHash must be 0x followed by 64 hex digits");
    }
    if (event.txHash() == null || !BYTES32.matcher(event.txHash()).matches()) {
      problems.add("txHash must be 0x followed by 64 hex digits");
    }
    if (event.blockNumber() < 0 || event.logIndex() < 0) {
      problems.add("blockNumber and logIndex must not be negative");
    }
    if (!(event.blockHash() + ":" + event.logIndex()).equals(event.eventId())) {
      problems.add("eventId must be <blockHash>:<logIndex>");
    }
    fields.forEach(
        (name, kind) -> {
          String value = event.fields().get(name);
          if (value == null || !kind.pattern.matcher(value).matches()) {
            problems.add(
                event.type()
                    + "."
                    + name
                    + " must be "
                    + kind.name().toLowerCase(java.util.Locale.ROOT)
                    + ", is "
                    + value);
          }
        });
    if (!problems.isEmpty()) {
      return Reading.unusable(Poison.MALFORMED, String.join("; ", problems));
    }
    HubEvent typed = hubEvent(event);
    return Reading.usable(
        event.retracted() ? new ChainChange.Retracted(typed) : new ChainChange.Connected(typed));
  }

  /** The typed event of a record whose type and fields passed the checks above. */
  private static HubEvent hubEvent(ChannelEvent event) {
    LogPosition at =
        LogPosition.of(event.blockNumber(), event.blockHash(), event.txHash(), event.logIndex());
    ChannelId channel = event.channelId() == null ? null : ChannelId.of(event.channelId());
    return switch (event.type()) {
      case "ChannelOpened" ->
          new HubEvent.ChannelOpened(
              channel,
              address(event, "partyA"),
              address(event, "partyB"),
              event.amount("deposit"),
              event.number("challengePeriod"),
              event.amount("bounty"),
              at);
      case "Deposited" ->
          new HubEvent.Deposited(
              channel, address(event, "party"), event.amount("amount"), event.amount("total"), at);
      case "Checkpointed" -> new HubEvent.Checkpointed(channel, event.number("nonce"), at);
      case "CloseStarted" ->
          new HubEvent.CloseStarted(
              channel,
              address(event, "closer"),
              address(event, "partyA"),
              address(event, "partyB"),
              event.number("nonce"),
              event.number("deadline"),
              at);
      case "Disputed" ->
          new HubEvent.Disputed(
              channel,
              address(event, "disputer"),
              event.number("nonce"),
              address(event, "bountyTo"),
              at);
      case "Settled" ->
          new HubEvent.Settled(
              channel,
              event.amount("balanceA"),
              event.amount("balanceB"),
              event.amount("bounty"),
              address(event, "bountyTo"),
              at);
      case "CooperativelyClosed" ->
          new HubEvent.CooperativelyClosed(
              channel,
              event.number("nonce"),
              event.amount("balanceA"),
              event.amount("balanceB"),
              at);
      case "Withdrawn" ->
          new HubEvent.Withdrawn(address(event, "account"), event.amount("amount"), at);
      default -> throw new IllegalStateException("EVENTS lists a type not read: " + event.type());
    };
  }

  private static Address address(ChannelEvent event, String field) {
    return Address.of(event.address(field));
  }

  /** The outcome, if the watcher can record it; otherwise every way it is malformed. */
  static Reading<TransactionOutcome> outcome(TransactionOutcome outcome) {
    List<String> problems = new ArrayList<>();
    if (outcome.requestId() == null || !REQUEST_ID.matcher(outcome.requestId()).matches()) {
      problems.add(
          "requestId must be 1 to " + MAX_REQUEST_ID + " printable ASCII characters, no spaces");
    }
    if (outcome.status() == null) {
      problems.add("status is missing");
    }
    if (outcome.txHash() != null && !BYTES32.matcher(outcome.txHash()).matches()) {
      problems.add("txHash must be 0x followed by 64 hex digits");
    }
    if (outcome.blockNumber() < 0 || outcome.confirmations() < 0) {
      problems.add("blockNumber and confirmations must not be negative");
    }
    if ((outcome.gasUsed() != null && outcome.gasUsed().signum() < 0)
        || (outcome.effectiveGasPrice() != null && outcome.effectiveGasPrice().signum() < 0)) {
      problems.add("gasUsed and effectiveGasPrice must not be negative");
    }
    return problems.isEmpty()
        ? Reading.usable(outcome)
        : Reading.unusable(Poison.MALFORMED, String.join("; ", problems));
  }
}
