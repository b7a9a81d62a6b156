package io.vigil.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.core.channel.ChannelId;
import io.vigil.core.channel.ChannelState;
import io.vigil.core.channel.SignedState;
import io.vigil.core.crypto.Address;
import io.vigil.core.crypto.BouncyCastleSecp256k1Engine;
import io.vigil.core.crypto.Eip712;
import io.vigil.core.crypto.Eip712Domain;
import io.vigil.core.crypto.NativeSecp256k1Engine;
import io.vigil.core.crypto.PrivateKey;
import io.vigil.core.crypto.Secp256k1Engine;
import io.vigil.core.crypto.Signature;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Signature recoveries per second, native libsecp256k1 against the BouncyCastle fallback, in the
 * same run on the same signatures; and whole co-signed state checks (digest plus two recoveries),
 * the watchtower's intake cost. Rounds alternate between engines so machine noise hits both.
 */
class SignatureBench {

  private static final int SIGNATURES = 256;
  private static final int ROUNDS = 7;
  private static final long ROUND_NANOS = 1_000_000_000L;

  private record Sample(byte[] digest, Signature signature, Address signer) {}

  @Test
  void shouldMeasureRecoveriesPerSecondNativeAgainstBouncyCastle() {
    Secp256k1Engine nativeEngine =
        NativeSecp256k1Engine.load(() -> fr.acinq.secp256k1.Secp256k1.Companion.get())
            .orElseThrow(() -> new IllegalStateException("native secp256k1 did not load"));
    Secp256k1Engine bouncyCastle = new BouncyCastleSecp256k1Engine();
    List<Sample> samples = samples(nativeEngine);
    Eip712Domain domain = Eip712Domain.of(31337, Address.of("0x" + "42".repeat(20)));
    List<SignedState> states = states(new Eip712(domain, nativeEngine));

    for (int warm = 0; warm < 2; warm++) {
      recoveries(nativeEngine, samples, ROUND_NANOS / 2);
      recoveries(bouncyCastle, samples, ROUND_NANOS / 2);
    }
    double[] nativeRates = new double[ROUNDS];
    double[] fallbackRates = new double[ROUNDS];
    double[] nativeStates = new double[ROUNDS];
    double[] fallbackStates = new double[ROUNDS];
    for (int round = 0; round < ROUNDS; round++) {
      nativeRates[round] = recoveries(nativeEngine, samples, ROUND_NANOS);
      fallbackRates[round] = recoveries(bouncyCastle, samples, ROUND_NANOS);
      nativeStates[round] = stateChecks(new Eip712(domain, nativeEngine), states, ROUND_NANOS);
      fallbackStates[round] = stateChecks(new Eip712(domain, bouncyCastle), states, ROUND_NANOS);
    }
    double nativeMedian = median(nativeRates);
    double fallbackMedian = median(fallbackRates);
    double nativeStateMedian = median(nativeStates);
    double fallbackStateMedian = median(fallbackStates);

    BenchReport.section(
        "signature-recovery",
        "## Signature recovery (state intake)\n\n"
            + "`SignatureBench`: secp256k1 public-key recovery on "
            + SIGNATURES
            + " distinct signatures, "
            + ROUNDS
            + " one-second rounds per engine, alternating; medians. A state check is what the"
            + " watchtower does per delegated state: EIP-712 digest plus both parties'"
            + " recoveries (`Eip712.verify`).\n\n"
            + "| measure | native (libsecp256k1, JNI) | BouncyCastle (fallback) | native / fallback |\n"
            + "|---|---:|---:|---:|\n"
            + String.format(
                "| recoveries per second | %,.0f | %,.0f | %.1f× |%n",
                nativeMedian, fallbackMedian, nativeMedian / fallbackMedian)
            + String.format(
                "| µs per recovery | %.1f | %.1f | |%n", 1e6 / nativeMedian, 1e6 / fallbackMedian)
            + String.format(
                "| co-signed state checks per second | %,.0f | %,.0f | %.1f× |%n",
                nativeStateMedian, fallbackStateMedian, nativeStateMedian / fallbackStateMedian));

    assertThat(nativeMedian).isPositive();
    assertThat(fallbackMedian).isPositive();
  }

  private static List<Sample> samples(Secp256k1Engine signer) {
    Random random = new Random(7);
    List<Sample> samples = new ArrayList<>();
    for (int i = 0; i < SIGNATURES; i++) {
      PrivateKey key = PrivateKey.of(new BigInteger(250, random).add(BigInteger.ONE));
      byte[] digest = new byte[32];
      random.nextBytes(digest);
      samples.add(new Sample(digest, signer.sign(digest, key), key.address()));
    }
    return samples;
  }

  private static List<SignedState> states(Eip712 eip712) {
    Random random = new Random(11);
    PrivateKey a = PrivateKey.of(new BigInteger(250, random).add(BigInteger.ONE));
    PrivateKey b = PrivateKey.of(new BigInteger(250, random).add(BigInteger.ONE));
    List<SignedState> states = new ArrayList<>();
    for (int i = 0; i < SIGNATURES; i++) {
      byte[] id = new byte[32];
      random.nextBytes(id);
      ChannelState state =
          ChannelState.of(
              ChannelId.of(id), i + 1, BigInteger.valueOf(i), BigInteger.valueOf(1000 - i));
      states.add(eip712.coSign(state, a, b));
    }
    return states;
  }

  /** Recoveries per second over about {@code nanos}; every result is checked. */
  private static double recoveries(Secp256k1Engine engine, List<Sample> samples, long nanos) {
    long start = System.nanoTime();
    long count = 0;
    while (System.nanoTime() - start < nanos) {
      for (Sample sample : samples) {
        if (!engine
            .recoverAddress(sample.digest(), sample.signature())
            .orElseThrow()
            .equals(sample.signer())) {
          throw new IllegalStateException(engine.name() + " recovered the wrong signer");
        }
      }
      count += samples.size();
    }
    return count * 1e9 / (System.nanoTime() - start);
  }

  private static double stateChecks(Eip712 eip712, List<SignedState> states, long nanos) {
    Address a =
        eip712
            .recover(eip712.stateDigest(states.get(0).state()), states.get(0).signatureA())
            .orElseThrow();
    Address b =
        eip712
            .recover(eip712.stateDigest(states.get(0).state()), states.get(0).signatureB())
            .orElseThrow();
    long start = System.nanoTime();
    long count = 0;
    while (System.nanoTime() - start < nanos) {
      for (SignedState state : states) {
        if (!eip712.verify(state, a, b).isValid()) {
          throw new IllegalStateException("state check failed");
        }
      }
      count += states.size();
    }
    return count * 1e9 / (System.nanoTime() - start);
  }

  private static double median(double[] values) {
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    return sorted[sorted.length / 2];
  }
}
