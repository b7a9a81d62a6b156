package io.vigil.core.api.channel;

import io.vigil.core.api.ProblemException;
import io.vigil.core.channel.ChannelId;
import io.vigil.core.channel.ChannelState;
import io.vigil.core.channel.SignedState;
import io.vigil.core.crypto.Address;
import io.vigil.core.crypto.Hex;
import io.vigil.core.crypto.Signature;
import java.math.BigInteger;
import java.util.HexFormat;
import java.util.Optional;

/**
 * Parses the fields of a signed channel state as every API takes them, into {@link
 * io.vigil.core.channel} values. Each refusal is a 400 {@link ProblemException} naming the field;
 * the limits are the same for every caller: hex of exactly the type's length in any letter case,
 * uint256 amounts as at most 78 decimal digits, nonces from 0 to 2^63-1 (what {@link ChannelState}
 * holds). Pure.
 */
public final class StateFields {

  /** Decimal digits of 2^256-1; a longer amount is refused before it is parsed. */
  private static final int UINT256_DIGITS = 78;

  /** Decimal digits of 2^63-1. */
  private static final int LONG_DIGITS = 19;

  private StateFields() {}

  /**
   * The state and both signatures, naming the first field at fault in the order {@code state.*},
   * {@code sigA}, {@code sigB}.
   */
  public static SignedState signedState(SignedStateForm form) {
    ChannelState state = state(form.state(), "state");
    return SignedState.of(state, signature(form.sigA(), "sigA"), signature(form.sigB(), "sigB"));
  }

  /** The state under {@code field}: its channel id, nonce, balanceA and balanceB in that order. */
  public static ChannelState state(StateForm form, String field) {
    if (form == null) {
      throw ProblemException.invalidField(field, "required");
    }
    return ChannelState.of(
        channelId(form.channelId(), field + ".channelId"),
        nonce(form.nonce(), field + ".nonce"),
        uint256(form.balanceA(), field + ".balanceA"),
        uint256(form.balanceB(), field + ".balanceB"));
  }

  public static ChannelId channelId(String value, String field) {
    return ChannelId.of(hex(value, 64, field, "must be 32 bytes as 0x hex"));
  }

  public static Address address(String value, String field) {
    return Address.of(hex(value, 40, field, "must be an address as 0x hex"));
  }

  /** 32 bytes of 0x hex in any letter case. */
  public static byte[] bytes32(String value, String field) {
    return HexFormat.of().parseHex(hex(value, 64, field, "must be 32 bytes as 0x hex"), 2, 66);
  }

  /** A uint256 amount as decimal digits (no sign, no 0x). */
  public static BigInteger uint256(String value, String field) {
    required(value, field);
    if (value.isEmpty() || value.length() > UINT256_DIGITS || !digits(value, 0)) {
      throw ProblemException.invalidField(field, "must be a decimal amount of wei");
    }
    BigInteger amount = new BigInteger(value);
    if (amount.compareTo(ChannelState.MAX_UINT256) > 0) {
      throw ProblemException.invalidField(field, "exceeds uint256");
    }
    return amount;
  }

  /** A nonce as a decimal integer; negative or oversized ones are out of range. */
  public static long nonce(String value, String field) {
    required(value, field);
    int start = value.startsWith("-") ? 1 : 0;
    if (value.length() == start || !digits(value, start)) {
      throw ProblemException.invalidField(field, "must be a decimal integer");
    }
    if (start == 1 || value.length() > LONG_DIGITS || new BigInteger(value).bitLength() > 63) {
      throw ProblemException.invalidField(field, "must be between 0 and 2^63-1");
    }
    return Long.parseLong(value);
  }

  /** A 65-byte signature (r, s, v) as 0x hex; a v of 0 or 1 is read as 27 or 28. */
  public static Signature signature(String value, String field) {
    byte[] rsv = HexFormat.of().parseHex(hex(value, 130, field, "must be 65 bytes"), 2, 132);
    try {
      return Signature.of(rsv);
    } catch (IllegalArgumentException badV) {
      throw ProblemException.invalidField(field, "must be 65 bytes ending in v 27 or 28");
    }
  }

  /** A signature, or none when the field is missing, empty or {@code 0x}. */
  public static Optional<Signature> optionalSignature(String value, String field) {
    if (value == null || value.isEmpty() || value.equals("0x")) {
      return Optional.empty();
    }
    return Optional.of(signature(value, field));
  }

  private static String hex(String value, int digits, String field, String expected) {
    required(value, field);
    if (!Hex.isHex(value, digits)) {
      throw ProblemException.invalidField(field, expected);
    }
    return value;
  }

  private static void required(String value, String field) {
    if (value == null) {
      throw ProblemException.invalidField(field, "required");
    }
  }

  private static boolean digits(String value, int from) {
    for (int i = from; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c < '0' || c > '9') {
        return false;
      }
    }
    return true;
  }
}
