package io.vigil.core.chain;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import io.vigil.core.channel.ChannelId;
import io.vigil.core.crypto.Address;
import java.math.BigInteger;

/**
 * An event the channel hub emitted, decoded from its log. Each carries where it happened; channel
 * events also carry the channel id, and everything a watcher needs to act without another call.
 * Serialised with a {@code type} property naming the record.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.SIMPLE_NAME, property = "type")
@JsonSubTypes({
  @JsonSubTypes.Type(HubEvent.ChannelOpened.class),
  @JsonSubTypes.Type(HubEvent.Deposited.class),
  @JsonSubTypes.Type(HubEvent.Checkpointed.class),
  @JsonSubTypes.Type(HubEvent.CloseStarted.class),
  @JsonSubTypes.Type(HubEvent.Disputed.class),
  @JsonSubTypes.Type(HubEvent.Settled.class),
  @JsonSubTypes.Type(HubEvent.CooperativelyClosed.class),
  @JsonSubTypes.Type(HubEvent.Withdrawn.class)
})
public sealed interface HubEvent {

  LogPosition position();

  default long blockNumber() {
    return position().blockNumber();
  }

  default String blockHash() {
    return position().blockHash();
  }

  default String transactionHash() {
    return position().transactionHash();
  }

  default long logIndex() {
    return position().logIndex();
  }

  /** The events that belong to one channel (all but {@link Withdrawn}). */
  sealed interface ChannelEvent extends HubEvent {
    ChannelId channelId();
  }

  record ChannelOpened(
      ChannelId channelId,
      Address partyA,
      Address partyB,
      BigInteger deposit,
      long challengePeriod,
      BigInteger bounty,
      LogPosition position)
      implements ChannelEvent {}

  record Deposited(
      ChannelId channelId, Address party, BigInteger amount, BigInteger total, LogPosition position)
      implements ChannelEvent {}

  record Checkpointed(ChannelId channelId, long nonce, LogPosition position)
      implements ChannelEvent {}

  /** A close with {@code nonce}; disputes are possible until {@code deadline} (unix seconds). */
  record CloseStarted(
      ChannelId channelId,
      Address closer,
      Address partyA,
      Address partyB,
      long nonce,
      long deadline,
      LogPosition position)
      implements ChannelEvent {}

  /** A dispute raised the closing nonce; {@code bountyTo} gets the closer's bounty at settle. */
  record Disputed(
      ChannelId channelId, Address disputer, long nonce, Address bountyTo, LogPosition position)
      implements ChannelEvent {}

  /** Payouts credited at settle (after the bounty); {@code bountyTo} is zero without dispute. */
  record Settled(
      ChannelId channelId,
      BigInteger balanceA,
      BigInteger balanceB,
      BigInteger bounty,
      Address bountyTo,
      LogPosition position)
      implements ChannelEvent {}

  record CooperativelyClosed(
      ChannelId channelId,
      long nonce,
      BigInteger balanceA,
      BigInteger balanceB,
      LogPosition position)
      implements ChannelEvent {}

  /** A pull payment left the hub. Not tied to a channel. */
  record Withdrawn(Address account, BigInteger amount, LogPosition position) implements HubEvent {}
}
