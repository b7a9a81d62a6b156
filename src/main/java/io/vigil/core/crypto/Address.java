package io.vigil.core.crypto;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.HexFormat;
import java.util.Locale;

/**
 * A 20-byte Ethereum account address, always held in lower case so that two spellings of one
 * address (checksummed or not) are equal.
 */
public record Address(String hex) {

  /** The zero address, which the hub uses for "not set". */
  public static final Address ZERO = new Address("0x" + "0".repeat(40));

  public Address {
    if (!Hex.isLowerHex(hex, 40)) {
      throw new IllegalArgumentException("not a 20-byte hex address: " + hex);
    }
  }

  /** Accepts {@code 0x}-prefixed hex in any letter case. */
  @JsonCreator
  public static Address of(String hex) {
    if (hex == null) {
      throw new IllegalArgumentException("address is missing");
    }
    return new Address(hex.strip().toLowerCase(Locale.ROOT));
  }

  public static Address of(byte[] twentyBytes) {
    if (twentyBytes.length != 20) {
      throw new IllegalArgumentException("an address has 20 bytes, not " + twentyBytes.length);
    }
    return new Address("0x" + HexFormat.of().formatHex(twentyBytes));
  }

  /** True when {@code text} is a 20-byte hex address in any letter case. */
  public static boolean isValid(String text) {
    return text != null && Hex.isLowerHex(text.strip().toLowerCase(Locale.ROOT), 40);
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
