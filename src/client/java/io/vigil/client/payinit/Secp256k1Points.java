package io.vigil.client.payinit;

import java.math.BigInteger;
import java.util.HexFormat;
import java.util.Locale;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.crypto.agreement.ECDHBasicAgreement;
import org.bouncycastle.crypto.ec.CustomNamedCurves;
import org.bouncycastle.crypto.params.ECDomainParameters;
import org.bouncycastle.crypto.params.ECPrivateKeyParameters;
import org.bouncycastle.crypto.params.ECPublicKeyParameters;
import org.bouncycastle.math.ec.ECPoint;
import org.bouncycastle.util.BigIntegers;

/** secp256k1 points for the envelope scheme, through BouncyCastle: decoding, checking, ECDH. */
final class Secp256k1Points {

  static final ECDomainParameters DOMAIN;

  static {
    X9ECParameters curve = CustomNamedCurves.getByName("secp256k1");
    DOMAIN = new ECDomainParameters(curve.getCurve(), curve.getG(), curve.getN(), curve.getH());
  }

  private Secp256k1Points() {}

  /** The 65-byte uncompressed public key of a private scalar. */
  static byte[] publicKey(BigInteger secret) {
    return DOMAIN.getG().multiply(secret).normalize().getEncoded(false);
  }

  /**
   * The point of a public key given as 65 bytes ({@code 0x04 || x || y}), or 64 ({@code x || y});
   * refuses anything that is not a point of the curve other than infinity.
   */
  static ECPoint point(byte[] publicKey) {
    byte[] encoded = publicKey;
    if (publicKey.length == 64) {
      encoded = new byte[65];
      encoded[0] = 0x04;
      System.arraycopy(publicKey, 0, encoded, 1, 64);
    }
    if (encoded.length != 65 || encoded[0] != 0x04) {
      throw new IllegalArgumentException("a public key is 64 bytes, or 65 starting with 04");
    }
    ECPoint point;
    try {
      point = DOMAIN.getCurve().decodePoint(encoded);
    } catch (IllegalArgumentException offCurve) {
      throw new IllegalArgumentException("the public key is not a point of secp256k1");
    }
    if (point.isInfinity() || !point.isValid()) {
      throw new IllegalArgumentException("the public key is not a point of secp256k1");
    }
    return point;
  }

  /** A public key from {@code 0x} hex of 64 or 65 bytes, as 65 uncompressed bytes. */
  static byte[] publicKey(String hex) {
    if (hex == null || !hex.matches("0x([0-9a-fA-F]{128}|04[0-9a-fA-F]{128})")) {
      throw new IllegalArgumentException(
          "a public key is 0x and 128 hex digits (x, y), or 130 starting with 04");
    }
    return point(HexFormat.of().parseHex(hex.toLowerCase(Locale.ROOT), 2, hex.length()))
        .getEncoded(false);
  }

  /** The x coordinate of {@code private × point}, 32 bytes (BouncyCastle's checked ECDH). */
  static byte[] agree(ECPrivateKeyParameters own, ECPoint other) {
    ECDHBasicAgreement agreement = new ECDHBasicAgreement();
    agreement.init(own);
    BigInteger x = agreement.calculateAgreement(new ECPublicKeyParameters(other, DOMAIN));
    return BigIntegers.asUnsignedByteArray(32, x);
  }
}
