package io.vigil.core.crypto;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.math.BigInteger;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Locale;

/**
 * A 65-byte recoverable secp256k1 signature in Ethereum's r || s || v layout, with v held as 27 or
 * 28. Held as lower-case hex so that records containing it compare by value.
 */
public record Signature(String hex) {

  /** Half the secp256k1 group order; the hub rejects signatures whose s is above it. */
  public static final BigInteger HALF_ORDER =
      new BigInteger("7fffffffffffffffffffffffffffffff5d576e7357a4501ddfe92f46681b20a0", 16);

  public Signature {
    if (!Hex.isLowerHex(hex, 130)) {
      throw new IllegalArgumentException("a signature is 65 bytes of hex (r, s, v)");
    }
    int v = Integer.parseInt(hex.substring(130), 16);
    if (v != 27 && v != 28) {
      throw new IllegalArgumentException("signature v must be 27 or 28, not " + v);
    }
  }

  /** Parses 65 bytes of hex; a v of 0 or 1 is read as 27 or 28. */
  @JsonCreator
  public static Signature parse(String hex) {
    if (hex == null) {
      throw new IllegalArgumentException("signature is missing");
    }
    String text = hex.strip().toLowerCase(Locale.ROOT);
    if (!text.startsWith("0x")) {
      text = "0x" + text;
    }
    if (!Hex.isLowerHex(text, 130)) {
      throw new IllegalArgumentException("a signature is 65 bytes of hex (r, s, v)");
    }
    return of(HexFormat.of().parseHex(text.substring(2)));
  }

  /** From r || s || v; a v of 0 or 1 is read as 27 or 28. */
  public static Signature of(byte[] rsv) {
    if (rsv.length != 65) {
      throw new IllegalArgumentException("a signature has 65 bytes, not " + rsv.length);
    }
    byte[] copy = rsv.clone();
    if (copy[64] == 0 || copy[64] == 1) {
      copy[64] += 27;
    }
    return new Signature("0x" + HexFormat.of().formatHex(copy));
  }

  public static Signature of(byte[] r32, byte[] s32, int v) {
    byte[] rsv = new byte[65];
    System.arraycopy(r32, 0, rsv, 0, 32);
    System.arraycopy(s32, 0, rsv, 32, 32);
    rsv[64] = (byte) v;
    return of(rsv);
  }

  public byte[] toBytes() {
    return HexFormat.of().parseHex(hex.substring(2));
  }

  public byte[] r() {
    return Arrays.copyOfRange(toBytes(), 0, 32);
  }

  public byte[] s() {
    return Arrays.copyOfRange(toBytes(), 32, 64);
  }

  /** 27 or 28. */
  public int v() {
    return Integer.parseInt(hex.substring(130), 16);
  }

  /** 0 or 1. */
  public int recoveryId() {
    return v() - 27;
  }

  /** r || s, the 64-byte compact form. */
  public byte[] compact() {
    return Arrays.copyOfRange(toBytes(), 0, 64);
  }

  /** False for the malleable twin (s above half the group order), which the hub rejects. */
  public boolean hasLowS() {
    return new BigInteger(1, s()).compareTo(HALF_ORDER) <= 0;
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
