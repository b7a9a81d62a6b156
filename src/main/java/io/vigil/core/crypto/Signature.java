package io.vigil.core.crypto;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.math.BigInteger;
import java.util.Arrays;

/**
 * A 65-byte recoverable secp256k1 signature in Ethereum's r || s || v layout, with v held as 27 or
 * 28. Held as lower-case hex so that records containing it compare by value.
 */
public record Signature(@JsonValue String hex) {

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
    String text = Hex.normalized(hex, "signature");
    if (!text.startsWith("0x")) {
      text = "0x" + text;
    }
    if (!Hex.isLowerHex(text, 130)) {
      throw new IllegalArgumentException("a signature is 65 bytes of hex (r, s, v)");
    }
    return of(Hex.decode(text));
  }

  /** From r || s || v; a v of 0 or 1 is read as 27 or 28. */
  public static Signature of(byte[] rsv) {
    byte[] copy = rsv.clone();
    if (copy.length == 65 && (copy[64] == 0 || copy[64] == 1)) {
      copy[64] += 27;
    }
    return new Signature(Hex.encode(copy, 65, "a signature"));
  }

  public static Signature of(byte[] r32, byte[] s32, int v) {
    byte[] rsv = new byte[65];
    System.arraycopy(r32, 0, rsv, 0, 32);
    System.arraycopy(s32, 0, rsv, 32, 32);
    rsv[64] = (byte) v;
    return of(rsv);
  }

  public byte[] toBytes() {
    return Hex.decode(hex);
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

  @Override
  public String toString() {
    return hex;
  }
}
