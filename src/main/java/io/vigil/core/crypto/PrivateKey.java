package io.vigil.core.crypto;

import java.math.BigInteger;
import java.util.HexFormat;
import java.util.Locale;
import org.bouncycastle.util.BigIntegers;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.ECKeyPair;
import org.web3j.crypto.Keys;

/**
 * A secp256k1 private key and its account address. Never printed: {@link #toString()} shows only
 * the address, so a key that ends up in a log line or exception message does not leak.
 */
public final class PrivateKey {

  private final BigInteger secret;
  private final Address address;

  private PrivateKey(BigInteger secret) {
    if (secret.signum() <= 0 || secret.compareTo(Secp256k1Engine.ORDER) >= 0) {
      throw new IllegalArgumentException("private key out of range");
    }
    this.secret = secret;
    this.address = Address.of("0x" + Keys.getAddress(ECKeyPair.create(secret)));
  }

  /** From 32 bytes of hex, with or without {@code 0x}. */
  public static PrivateKey of(String hex) {
    if (hex == null) {
      throw new IllegalArgumentException("private key is missing");
    }
    String text = hex.strip().toLowerCase(Locale.ROOT);
    if (text.startsWith("0x")) {
      text = text.substring(2);
    }
    if (!text.matches("[0-9a-f]{64}")) {
      throw new IllegalArgumentException("a private key is 32 bytes of hex");
    }
    return new PrivateKey(new BigInteger(1, HexFormat.of().parseHex(text)));
  }

  public static PrivateKey of(BigInteger secret) {
    return new PrivateKey(secret);
  }

  public Address address() {
    return address;
  }

  public BigInteger secret() {
    return secret;
  }

  /** The key as 32 big-endian bytes. */
  public byte[] toBytes() {
    return BigIntegers.asUnsignedByteArray(32, secret);
  }

  /** For sending transactions through web3j. */
  public Credentials credentials() {
    return Credentials.create(ECKeyPair.create(secret));
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof PrivateKey key && key.secret.equals(secret);
  }

  @Override
  public int hashCode() {
    return address.hashCode();
  }

  @Override
  public String toString() {
    return "PrivateKey[" + address + "]";
  }
}
