package io.vigil.core.channel;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import io.vigil.core.crypto.Hex;

/** A channel's 32-byte id in the hub, held as lower-case {@code 0x} hex (the Kafka key form). */
public record ChannelId(@JsonValue String hex) {

  public ChannelId {
    if (!Hex.isLowerHex(hex, 64)) {
      throw new IllegalArgumentException("a channel id is 32 bytes of 0x hex");
    }
  }

  /** Accepts {@code 0x}-prefixed hex in any letter case. */
  @JsonCreator
  public static ChannelId of(String hex) {
    return new ChannelId(Hex.normalized(hex, "channel id"));
  }

  public static ChannelId of(byte[] bytes32) {
    return new ChannelId(Hex.encode(bytes32, 32, "a channel id"));
  }

  /** True when {@code text} is 32 bytes of {@code 0x} hex in any letter case. */
  public static boolean isValid(String text) {
    return Hex.isHexIgnoringCase(text, 64);
  }

  public byte[] toBytes() {
    return Hex.decode(hex);
  }

  @Override
  public String toString() {
    return hex;
  }
}
