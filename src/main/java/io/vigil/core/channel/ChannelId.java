package io.vigil.core.channel;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.HexFormat;
import java.util.Locale;
import java.util.regex.Pattern;

/** A channel's 32-byte id in the hub, held as lower-case {@code 0x} hex (the Kafka key form). */
public record ChannelId(String hex) {

  private static final Pattern FORMAT = Pattern.compile("0x[0-9a-f]{64}");

  public ChannelId {
    if (hex == null || !FORMAT.matcher(hex).matches()) {
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
    return text != null && FORMAT.matcher(text.strip().toLowerCase(Locale.ROOT)).matches();
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
