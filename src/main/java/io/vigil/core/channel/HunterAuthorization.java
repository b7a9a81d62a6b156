package io.vigil.core.channel;

import io.vigil.core.crypto.Address;
import java.util.Objects;

/**
 * A party's statement that {@code hunter} may collect the bounty of a dispute on this channel
 * (EIP-712 type {@code HunterAuthorization(bytes32 channelId,address hunter)}). Signed by the party
 * that delegates its states; a dispute sent by anyone else earns that party the bounty instead.
 */
public record HunterAuthorization(ChannelId channelId, Address hunter) {

  public HunterAuthorization {
    Objects.requireNonNull(channelId, "channelId");
    Objects.requireNonNull(hunter, "hunter");
  }

  public static HunterAuthorization of(ChannelId channelId, Address hunter) {
    return new HunterAuthorization(channelId, hunter);
  }
}
