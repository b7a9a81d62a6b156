package io.vigil.client.payinit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vigil.client.payinit.PaymentInitCipher.Opened;
import io.vigil.core.crypto.PrivateKey;
import io.vigil.core.protocol.PaymentInitEnvelope;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Arrays;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.ec.CustomNamedCurves;
import org.bouncycastle.crypto.generators.HKDFBytesGenerator;
import org.bouncycastle.crypto.params.HKDFParameters;
import org.bouncycastle.math.ec.ECPoint;
import org.bouncycastle.util.BigIntegers;
import org.junit.jupiter.api.Test;

class PaymentInitCipherTest {

  private static final PaymentInitKey BOB =
      PaymentInitKey.inMemory(PrivateKey.of("0x" + "b0".repeat(32)));
  private static final PaymentInitKey CAROL =
      PaymentInitKey.inMemory(PrivateKey.of("0x" + "c0".repeat(32)));
  private static final PaymentInit INIT = PaymentInit.of("0x" + "5e".repeat(32), "104.05");

  private final PaymentInitCipher cipher = new PaymentInitCipher(new SecureRandom());

  @Test
  void shouldOpenWhatWasEncryptedToTheSameKey() {
    byte[] envelope = cipher.encrypt(BOB.publicKey(), INIT);

    Opened opened = PaymentInitCipher.open(BOB, envelope);

    assertThat(opened).isInstanceOf(Opened.Readable.class);
    PaymentInit init = ((Opened.Readable) opened).init();
    assertThat(init.secret()).isEqualTo(INIT.secret());
    assertThat(init.amount()).isEqualByComparingTo(new BigDecimal("104.05"));
    assertThat(init.hash()).isEqualTo(INIT.hash());
    assertThat(PaymentInitEnvelope.refusal(envelope)).isEmpty();
    assertThat(envelope[0]).isEqualTo(PaymentInitEnvelope.VERSION);
  }

  @Test
  void shouldAcceptThePublicKeyWithoutItsPrefixByte() {
    byte[] bare = Arrays.copyOfRange(BOB.publicKey(), 1, 65);

    byte[] envelope = cipher.encrypt(bare, INIT);

    assertThat(PaymentInitCipher.open(BOB, envelope)).isInstanceOf(Opened.Readable.class);
  }

  @Test
  void shouldNotOpenWithAnotherKey() {
    byte[] envelope = cipher.encrypt(BOB.publicKey(), INIT);

    Opened opened = PaymentInitCipher.open(CAROL, envelope);

    assertThat(opened).isInstanceOf(Opened.Unreadable.class);
    assertThat(((Opened.Unreadable) opened).reason()).contains("tag does not match");
  }

  @Test
  void shouldRefuseAnEnvelopeChangedAnywhere() {
    byte[] envelope = cipher.encrypt(BOB.publicKey(), INIT);
    int[] positions = {0, 1, 2, 40, 66, 70, 77, 78, envelope.length / 2, envelope.length - 1};
    for (int position : positions) {
      byte[] changed = envelope.clone();
      changed[position] ^= 0x01;

      Opened opened = PaymentInitCipher.open(BOB, changed);

      assertThat(opened).as("byte %d changed", position).isInstanceOf(Opened.Unreadable.class);
    }
  }

  @Test
  void shouldRefuseTruncatedAndOversizedEnvelopes() {
    byte[] envelope = cipher.encrypt(BOB.publicKey(), INIT);

    assertThat(PaymentInitCipher.open(BOB, Arrays.copyOf(envelope, envelope.length - 1)))
        .isInstanceOf(Opened.Unreadable.class);
    assertThat(
            PaymentInitCipher.open(BOB, Arrays.copyOf(envelope, PaymentInitEnvelope.MIN_BYTES - 1)))
        .isInstanceOf(Opened.Unreadable.class);
    assertThat(PaymentInitCipher.open(BOB, new byte[PaymentInitEnvelope.MAX_BYTES + 1]))
        .isInstanceOf(Opened.Unreadable.class);
  }

  @Test
  void shouldMakeADifferentEnvelopeEachTime() {
    byte[] first = cipher.encrypt(BOB.publicKey(), INIT);
    byte[] second = cipher.encrypt(BOB.publicKey(), INIT);

    assertThat(second).isNotEqualTo(first);
    assertThat(Arrays.copyOfRange(second, 1, 66)).isNotEqualTo(Arrays.copyOfRange(first, 1, 66));
    assertThat(PaymentInitCipher.open(BOB, second)).isInstanceOf(Opened.Readable.class);
  }

  @Test
  void shouldRefuseAPublicKeyOffTheCurve() {
    byte[] offCurve = BOB.publicKey();
    offCurve[64] ^= 0x01;

    assertThatThrownBy(() -> cipher.encrypt(offCurve, INIT))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("not a point");
  }

  /**
   * The scheme as docs/client.md states it, re-derived from the primitives (scalar multiplication,
   * HKDF, AES-GCM), so another implementation following the text opens the kit's envelopes.
   */
  @Test
  void shouldFollowTheDocumentedScheme() throws Exception {
    byte[] envelope = cipher.encrypt(BOB.publicKey(), INIT);
    X9ECParameters curve = CustomNamedCurves.getByName("secp256k1");
    byte[] ephemeral = Arrays.copyOfRange(envelope, 1, 66);
    byte[] nonce = Arrays.copyOfRange(envelope, 66, 78);
    ECPoint shared =
        curve
            .getCurve()
            .decodePoint(ephemeral)
            .multiply(new BigInteger("b0".repeat(32), 16))
            .normalize();
    byte[] z = BigIntegers.asUnsignedByteArray(32, shared.getAffineXCoord().toBigInteger());
    byte[] salt = new byte[130];
    System.arraycopy(ephemeral, 0, salt, 0, 65);
    System.arraycopy(BOB.publicKey(), 0, salt, 65, 65);
    HKDFBytesGenerator hkdf = new HKDFBytesGenerator(new SHA256Digest());
    hkdf.init(new HKDFParameters(z, salt, "vigil-payinit/1".getBytes(StandardCharsets.US_ASCII)));
    byte[] key = new byte[32];
    hkdf.generateBytes(key, 0, 32);
    Cipher aes = Cipher.getInstance("AES/GCM/NoPadding");
    aes.init(Cipher.DECRYPT_MODE, new SecretKeySpec(key, "AES"), new GCMParameterSpec(128, nonce));
    aes.updateAAD(Arrays.copyOfRange(envelope, 0, 78));

    String plaintext =
        new String(
            aes.doFinal(Arrays.copyOfRange(envelope, 78, envelope.length)), StandardCharsets.UTF_8);

    assertThat(plaintext)
        .isEqualTo("{\"secret\":\"0x" + "5e".repeat(32) + "\",\"amount\":\"104.05\"}");
  }

  @Test
  void shouldHashTheSecretWithSha256AsRoutingDoes() {
    // SHA-256 of 32 zero bytes, a published test value
    assertThat(new PaymentSecret(new byte[32]).hash())
        .isEqualTo("0x66687aadf862bd776c8fc18b8e9f8e20089714856ee233b3902a591d0d5f2925");
  }

  @Test
  void shouldRefuseAnAmountRoutingWouldRefuse() {
    String secret = "0x" + "11".repeat(32);
    assertThatThrownBy(() -> PaymentInit.of(secret, "0.0000000000000000001"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("amount");
    assertThat(PaymentInit.of(secret, "100.500").amountText()).isEqualTo("100.5");
  }

  @Test
  void shouldRefuseAPlaintextThatIsNoPaymentInitialization() {
    assertThat(PaymentInit.fromJson("{\"secret\":\"0x12\",\"amount\":\"1\"}".getBytes()).refusal())
        .contains("secret");
    assertThat(
            PaymentInit.fromJson(
                    ("{\"secret\":\"0x" + "11".repeat(32) + "\",\"amount\":\"-1\"}").getBytes())
                .refusal())
        .contains("positive");
    assertThat(PaymentInit.fromJson("not json".getBytes()).refusal()).contains("not JSON");
  }

  @Test
  void shouldNeverPrintTheSecret() {
    assertThat(INIT.toString()).doesNotContain("5e5e").contains(INIT.hash());
    assertThat(BOB.toString()).doesNotContain("b0b0");
  }
}
