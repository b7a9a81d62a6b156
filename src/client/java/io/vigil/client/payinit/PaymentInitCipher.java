package io.vigil.client.payinit;

import io.vigil.core.protocol.PaymentInitEnvelope;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Objects;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.bouncycastle.crypto.AsymmetricCipherKeyPair;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.generators.ECKeyPairGenerator;
import org.bouncycastle.crypto.generators.HKDFBytesGenerator;
import org.bouncycastle.crypto.params.ECKeyGenerationParameters;
import org.bouncycastle.crypto.params.ECPrivateKeyParameters;
import org.bouncycastle.crypto.params.ECPublicKeyParameters;
import org.bouncycastle.crypto.params.HKDFParameters;

/**
 * Encrypts a {@link PaymentInit} to a recipient's public key, and opens an envelope with the
 * recipient's {@link PaymentInitKey}. The scheme (version 1) is ECIES on secp256k1:
 *
 * <ol>
 *   <li>a fresh ephemeral key pair (e, E = e×G) for every envelope;
 *   <li>Z = the x coordinate of e×P, P the recipient's public key (ECDH, 32 bytes);
 *   <li>K = HKDF-SHA256(ikm Z, salt E‖P (both 65 bytes uncompressed), info "vigil-payinit/1"), 32
 *       bytes;
 *   <li>a random 12-byte nonce N; C = AES-256-GCM(K, N, plaintext, additional data = the header
 *       01‖E‖N), with its 16-byte tag appended.
 * </ol>
 *
 * The envelope is {@code 01 || E || N || C} ({@link PaymentInitEnvelope}). Binding E and P into the
 * key and the header into the tag means a changed byte anywhere fails the tag check.
 */
public final class PaymentInitCipher {

  private static final byte[] INFO = "vigil-payinit/1".getBytes(StandardCharsets.US_ASCII);
  private static final int KEY_BYTES = 32;
  private static final int TAG_BITS = PaymentInitEnvelope.TAG_BYTES * 8;

  /** What opening an envelope gave: the initialization, or why there is none. */
  public sealed interface Opened {
    record Readable(PaymentInit init) implements Opened {}

    /** Not for this key, tampered with, or not a payment initialization: {@code reason} says. */
    record Unreadable(String reason) implements Opened {}
  }

  private final SecureRandom random;

  public PaymentInitCipher(SecureRandom random) {
    this.random = Objects.requireNonNull(random, "random");
  }

  public PaymentInitCipher() {
    this(new SecureRandom());
  }

  /**
   * The envelope of {@code init} for the holder of {@code recipientPublicKey} (64 or 65 bytes).
   *
   * @throws IllegalArgumentException when the public key is not a point of secp256k1, or the
   *     envelope would exceed {@link PaymentInitEnvelope#MAX_BYTES}
   */
  public byte[] encrypt(byte[] recipientPublicKey, PaymentInit init) {
    byte[] recipient = Secp256k1Points.point(recipientPublicKey).getEncoded(false);
    ECKeyPairGenerator generator = new ECKeyPairGenerator();
    generator.init(new ECKeyGenerationParameters(Secp256k1Points.DOMAIN, random));
    AsymmetricCipherKeyPair ephemeral = generator.generateKeyPair();
    byte[] ephemeralKey = ((ECPublicKeyParameters) ephemeral.getPublic()).getQ().getEncoded(false);
    byte[] shared =
        Secp256k1Points.agree(
            (ECPrivateKeyParameters) ephemeral.getPrivate(), Secp256k1Points.point(recipient));
    byte[] nonce = new byte[PaymentInitEnvelope.NONCE_BYTES];
    random.nextBytes(nonce);
    byte[] header = header(ephemeralKey, nonce);
    byte[] sealed =
        aes(
            Cipher.ENCRYPT_MODE,
            key(shared, ephemeralKey, recipient),
            nonce,
            header,
            init.toJson());
    byte[] envelope = concat(header, sealed);
    if (envelope.length > PaymentInitEnvelope.MAX_BYTES) {
      throw new IllegalArgumentException(
          "the envelope would exceed " + PaymentInitEnvelope.MAX_BYTES + " bytes");
    }
    return envelope;
  }

  /** Opens {@code envelope} with the recipient's key; never throws for a bad envelope. */
  public static Opened open(PaymentInitKey key, byte[] envelope) {
    var shape = PaymentInitEnvelope.refusal(envelope);
    if (shape.isPresent()) {
      return new Opened.Unreadable("not an envelope: " + shape.get());
    }
    byte[] ephemeralKey =
        Arrays.copyOfRange(envelope, 1, 1 + PaymentInitEnvelope.EPHEMERAL_KEY_BYTES);
    byte[] nonce =
        Arrays.copyOfRange(
            envelope,
            1 + PaymentInitEnvelope.EPHEMERAL_KEY_BYTES,
            PaymentInitEnvelope.HEADER_BYTES);
    byte[] shared;
    try {
      shared = key.agree(ephemeralKey);
    } catch (IllegalArgumentException | IllegalStateException badPoint) {
      return new Opened.Unreadable("the ephemeral key is not a point of secp256k1");
    }
    byte[] plaintext;
    try {
      plaintext =
          aes(
              Cipher.DECRYPT_MODE,
              key(shared, ephemeralKey, key.publicKey()),
              nonce,
              Arrays.copyOfRange(envelope, 0, PaymentInitEnvelope.HEADER_BYTES),
              Arrays.copyOfRange(envelope, PaymentInitEnvelope.HEADER_BYTES, envelope.length));
    } catch (TagMismatch mismatch) {
      return new Opened.Unreadable(
          "the tag does not match: encrypted to another key, or changed on the way");
    }
    PaymentInit.ParsedPlaintext parsed = PaymentInit.fromJson(plaintext);
    Arrays.fill(plaintext, (byte) 0);
    return parsed.init() != null
        ? new Opened.Readable(parsed.init())
        : new Opened.Unreadable("decrypted, but not a payment initialization: " + parsed.refusal());
  }

  private static byte[] key(byte[] shared, byte[] ephemeralKey, byte[] recipient) {
    HKDFBytesGenerator hkdf = new HKDFBytesGenerator(new SHA256Digest());
    hkdf.init(new HKDFParameters(shared, concat(ephemeralKey, recipient), INFO));
    byte[] key = new byte[KEY_BYTES];
    hkdf.generateBytes(key, 0, KEY_BYTES);
    Arrays.fill(shared, (byte) 0);
    return key;
  }

  private static byte[] aes(int mode, byte[] key, byte[] nonce, byte[] header, byte[] input) {
    try {
      Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
      cipher.init(mode, new SecretKeySpec(key, "AES"), new GCMParameterSpec(TAG_BITS, nonce));
      cipher.updateAAD(header);
      return cipher.doFinal(input);
    } catch (AEADBadTagException mismatch) {
      throw new TagMismatch();
    } catch (GeneralSecurityException missing) {
      throw new IllegalStateException("AES-256-GCM is not available in this JVM", missing);
    } finally {
      Arrays.fill(key, (byte) 0);
    }
  }

  private static byte[] header(byte[] ephemeralKey, byte[] nonce) {
    byte[] header = new byte[PaymentInitEnvelope.HEADER_BYTES];
    header[0] = PaymentInitEnvelope.VERSION;
    System.arraycopy(ephemeralKey, 0, header, 1, ephemeralKey.length);
    System.arraycopy(nonce, 0, header, 1 + ephemeralKey.length, nonce.length);
    return header;
  }

  private static byte[] concat(byte[] first, byte[] second) {
    byte[] all = Arrays.copyOf(first, first.length + second.length);
    System.arraycopy(second, 0, all, first.length, second.length);
    return all;
  }

  /** A GCM tag that did not verify: an expected outcome of {@link #open}, never thrown out. */
  private static final class TagMismatch extends RuntimeException {
    TagMismatch() {
      super(null, null, false, false);
    }
  }
}
