package io.vigil.client.hub;

import io.vigil.core.crypto.Address;
import java.math.BigInteger;
import java.util.Objects;

/**
 * One call of a hub function, not yet signed: the hub, the ABI-encoded call data ({@code 0x} hex),
 * the wei it carries and its gas limit.
 */
public record HubCall(Address to, String data, BigInteger value, long gasLimit) {

  public HubCall {
    Objects.requireNonNull(to, "to");
    Objects.requireNonNull(data, "data");
    Objects.requireNonNull(value, "value");
    if (!data.matches("0x([0-9a-f]{2})*")) {
      throw new IllegalArgumentException("call data is 0x and lower-case hex bytes");
    }
    if (value.signum() < 0) {
      throw new IllegalArgumentException("value must not be negative");
    }
    if (gasLimit < 21_000) {
      throw new IllegalArgumentException("a gas limit is at least 21000");
    }
  }

  public static HubCall of(Address to, String data, BigInteger value, long gasLimit) {
    return new HubCall(to, data, value, gasLimit);
  }

  /** The same call with another gas limit. */
  public HubCall withGasLimit(long newGasLimit) {
    return new HubCall(to, data, value, newGasLimit);
  }

  /** The 4-byte function selector, {@code 0x} and 8 hex digits. */
  public String selector() {
    return data.length() >= 10 ? data.substring(0, 10) : data;
  }
}
