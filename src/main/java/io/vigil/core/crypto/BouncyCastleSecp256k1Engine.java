package io.vigil.core.crypto;

import java.math.BigInteger;
import java.util.Optional;
import org.web3j.crypto.ECDSASignature;
import org.web3j.crypto.ECKeyPair;
import org.web3j.crypto.Sign;
import org.web3j.utils.Numeric;

/** Signature recovery and signing in pure Java (BouncyCastle through web3j): the fallback. */
public final class BouncyCastleSecp256k1Engine implements Secp256k1Engine {

  @Override
  public String name() {
    return "bouncycastle";
  }

  @Override
  public Optional<byte[]> recoverPublicKey(byte[] digest, Signature signature) {
    if (digest.length != 32) {
      throw new IllegalArgumentException("a digest has 32 bytes, not " + digest.length);
    }
    BigInteger r = new BigInteger(1, signature.r());
    BigInteger s = new BigInteger(1, signature.s());
    if (r.signum() == 0 || s.signum() == 0) {
      return Optional.empty();
    }
    try {
      BigInteger key =
          Sign.recoverFromSignature(signature.recoveryId(), new ECDSASignature(r, s), digest);
      return key == null ? Optional.empty() : Optional.of(Numeric.toBytesPadded(key, 64));
    } catch (RuntimeException noKey) {
      return Optional.empty();
    }
  }

  @Override
  public Signature sign(byte[] digest, PrivateKey key) {
    Sign.SignatureData data = Sign.signMessage(digest, ECKeyPair.create(key.secret()), false);
    return Signature.of(data.getR(), data.getS(), data.getV()[0]);
  }
}
