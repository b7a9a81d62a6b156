package io.vigil.core.channel;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import io.vigil.core.crypto.Hex;
import java.util.HexFormat;
import java.util.Locale;

/** A channel's 32-byte id in the hub, held as lower-case {@code 0x} hex (the Kafka key form). */
public record ChannelId(String hex) {

  public ChannelId {
    if (!Hex.isLowerHex(hex, 64)) {
      throw new IllegalArgumentException("a channel id is 32 bytes of 0x hex");
    }
  }

  /** Accepts {@code 0x}-prefixed hex in any letter case. */
  @JsonCreator
  public static ChannelId of(String hex) {
    if (hex == null) {
      throw new IllegalArgumentException("channel id is missing");
    }
    return new ChannelId(hex.strip().toLowerCase(Locale.ROOT));
  }

  public static ChannelId of(byte[] bytes32) {
    if (bytes32.length != 32) {
      throw new IllegalArgumentException("a channel id has 32 bytes, not " + bytes32.length);
    }
    return new ChannelId("0x" + HexFormat.of().formatHex(bytes32));
  }

  /** True when {@code text} is 32 bytes of {@code 0x} hex in any letter case. */
  public static boolean isValid(String text) {
    return text != null && Hex.isLowerHex(text.strip().toLowerCase(Locale.ROOT), 64);
  }

  public byte[] toBytes() {
    return HexFormat.of().parseHex(hex.substring(2));
  }

  @JsonValue
  @Override
  public String hex() {
    return hex;
  }

  @Override
  public String toString() {
    return hex;
  }
}
