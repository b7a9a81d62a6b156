package io.vigil.core.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.testsupport.TestData;
import java.math.BigInteger;
import org.junit.jupiter.api.Test;
import org.web3j.crypto.Hash;

class Secp256k1EngineTest {

  private final Secp256k1Engine nativeEngine =
      NativeSecp256k1Engine.load(NativeSecp256k1Engine::defaultLoader).orElseThrow();
  private final Secp256k1Engine bouncyCastle = new BouncyCastleSecp256k1Engine();

  @Test
  void shouldPickNativeEngineWhenLibraryLoads() {
    assertThat(Secp256k1Engine.best().name()).isEqualTo("native");
  }

  @Test
  void shouldFallBackToBouncyCastleWhenNativeLibraryCannotLoad() {
    Secp256k1Engine engine =
        Secp256k1Engine.select(
            () -> {
              throw new UnsatisfiedLinkError("no secp256k1-jni in java.library.path");
            });

    assertThat(engine).isInstanceOf(BouncyCastleSecp256k1Engine.class);
    assertThat(engine.name()).isEqualTo("bouncycastle");
  }

  @Test
  void shouldRecoverSameAddressAndSignSameBytesWithNativeAndBouncyCastle() {
    TestData data = new TestData(42);
    for (int i = 0; i < 200; i++) {
      PrivateKey key = data.privateKey();
      byte[] digest = data.digest();

      Signature byNative = nativeEngine.sign(digest, key);
      Signature byBouncyCastle = bouncyCastle.sign(digest, key);

      assertThat(byNative).isEqualTo(byBouncyCastle);
      assertThat(byNative.hasLowS()).isTrue();
      assertThat(nativeEngine.recoverAddress(digest, byNative)).contains(key.address());
      assertThat(bouncyCastle.recoverAddress(digest, byNative)).contains(key.address());
    }
  }

  @Test
  void shouldSignLikeBouncyCastleWhenOneKeySignsManyDigests() {
    TestData data = new TestData(7);
    PrivateKey receiptKey = data.privateKey();
    PrivateKey other = data.privateKey();
    java.util.Set<Integer> recoveryIds = new java.util.HashSet<>();
    for (int i = 0; i < 100; i++) {
      // alternating keys: a signature depends only on its own key and digest
      PrivateKey key = i % 3 == 0 ? other : receiptKey;
      byte[] digest = data.digest();

      Signature byNative = nativeEngine.sign(digest, key);

      assertThat(byNative).isEqualTo(bouncyCastle.sign(digest, key));
      recoveryIds.add(byNative.v());
    }
    assertThat(recoveryIds).containsExactlyInAnyOrder(27, 28);
  }

  @Test
  void shouldRecoverNoAccountOrTheSameWrongOneWhenSignatureIsGarbage() {
    byte[] digest = Hash.sha3(new byte[] {1, 2, 3});
    Signature zeroR = Signature.of(new byte[32], pad(BigInteger.ONE), 27);

    assertThat(nativeEngine.recoverAddress(digest, zeroR)).isEmpty();
    assertThat(bouncyCastle.recoverAddress(digest, zeroR)).isEmpty();

    Signature arbitrary = Signature.of(pad(BigInteger.valueOf(7)), pad(BigInteger.valueOf(9)), 28);
    assertThat(nativeEngine.recoverAddress(digest, arbitrary))
        .isEqualTo(bouncyCastle.recoverAddress(digest, arbitrary));
  }

  @Test
  void shouldNeverPrintPrivateKey() {
    PrivateKey key = PrivateKey.of("0x" + "ab".repeat(32));

    assertThat(key.toString()).doesNotContain("abab").contains(key.address().hex());
  }

  private static byte[] pad(BigInteger value) {
    byte[] out = new byte[32];
    byte[] raw = value.toByteArray();
    System.arraycopy(raw, 0, out, 32 - raw.length, raw.length);
    return out;
  }
}
