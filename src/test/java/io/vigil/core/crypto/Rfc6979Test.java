package io.vigil.core.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.util.Random;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.signers.HMacDSAKCalculator;
import org.junit.jupiter.api.Test;

class Rfc6979Test {

  private static final BigInteger N = Secp256k1Engine.ORDER;

  @Test
  void shouldGiveBouncyCastlesNoncesWhenKeysAndDigestsVary() {
    Random random = new Random(6979);
    for (int i = 0; i < 200; i++) {
      BigInteger d =
          new BigInteger(256, random).mod(N.subtract(BigInteger.ONE)).add(BigInteger.ONE);
      byte[] digest = new byte[32];
      random.nextBytes(digest);
      if (i % 50 == 0) {
        // a digest above the group order is reduced first
        java.util.Arrays.fill(digest, (byte) 0xff);
      }
      HMacDSAKCalculator expected = new HMacDSAKCalculator(new SHA256Digest());
      expected.init(N, d, digest);
      Rfc6979 nonces = new Rfc6979(PrivateKey.of(d), digest);
      BigInteger first = nonces.next();
      assertThat(first).isEqualTo(expected.nextK());
      // After a rejected candidate the state moves on as section 3.2 h.3 says (K, then V).
      BigInteger second = nonces.next();
      assertThat(second).isNotEqualTo(first).isPositive().isLessThan(N);
    }
  }
}
