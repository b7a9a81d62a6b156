package io.vigil.core.crypto;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/**
 * A 20-byte Ethereum account address, always held in lower case so that two spellings of one
 * address (checksummed or not) are equal.
 */
public record Address(@JsonValue String hex) {

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
    return new Address(Hex.normalized(hex, "address"));
  }

  public static Address of(byte[] twentyBytes) {
    return new Address(Hex.encode(twentyBytes, 20, "an address"));
  }

  /** True when {@code text} is a 20-byte hex address in any letter case. */
  public static boolean isValid(String text) {
    return Hex.isHexIgnoringCase(text, 40);
  }

  public byte[] toBytes() {
    return Hex.decode(hex);
  }

  @Override
  public String toString() {
    return hex;
  }
}
