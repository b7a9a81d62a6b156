package io.vigil.testsupport;

import io.vigil.core.channel.ChannelId;
import io.vigil.core.channel.ChannelState;
import io.vigil.core.channel.SignedState;
import io.vigil.core.crypto.Address;
import io.vigil.core.crypto.Eip712;
import io.vigil.core.crypto.PrivateKey;
import java.math.BigInteger;
import java.util.Random;
import org.web3j.crypto.Hash;

/**
 * The tests' one factory of keys, addresses, channel ids and (signed) channel states: every value
 * comes from one seeded random source, so the same seed gives the same values in the same order on
 * every run.
 */
public final class TestData {

  /** The seed of {@link #TestData()}. */
  public static final long DEFAULT_SEED = 42;

  private final Random random;

  public TestData() {
    this(DEFAULT_SEED);
  }

  public TestData(long seed) {
    this.random = new Random(seed);
  }

  /** A valid secp256k1 private key (a 250-bit secret, never zero). */
  public PrivateKey privateKey() {
    return PrivateKey.of(new BigInteger(250, random).add(BigInteger.ONE));
  }

  /** An address nobody holds the key of. */
  public Address address() {
    return Address.of(bytes(20));
  }

  public ChannelId channelId() {
    return ChannelId.of(bytes(32));
  }

  /** A 32-byte Keccak digest of random input. */
  public byte[] digest() {
    return Hash.sha3(BigInteger.valueOf(random.nextLong()).toByteArray());
  }

  public byte[] bytes(int length) {
    byte[] bytes = new byte[length];
    random.nextBytes(bytes);
    return bytes;
  }

  /** A non-negative amount of wei below {@code bound}. */
  public BigInteger wei(long bound) {
    return BigInteger.valueOf(random.nextLong(bound));
  }

  /** The EIP-712 signer of a hub at a random address on anvil's chain. */
  public Eip712 eip712() {
    return Eip712.forHub(Anvil.CHAIN_ID, address());
  }

  /** A state of a fresh channel at {@code nonce} with balances below one ether each. */
  public ChannelState channelState(long nonce) {
    return channelState(channelId(), nonce);
  }

  /** A state of {@code channel} at {@code nonce} with balances below one ether each. */
  public ChannelState channelState(ChannelId channel, long nonce) {
    long ether = 1_000_000_000_000_000_000L;
    return ChannelState.of(channel, nonce, wei(ether), wei(ether));
  }

  /** {@code state} signed by both parties under {@code eip712}. */
  public SignedState signedState(
      Eip712 eip712, ChannelState state, PrivateKey partyA, PrivateKey partyB) {
    return eip712.coSign(state, partyA, partyB);
  }

  /** A fresh channel's state at {@code nonce}, signed by two fresh parties under {@code eip712}. */
  public SignedState signedState(Eip712 eip712, long nonce) {
    return signedState(eip712, channelState(nonce), privateKey(), privateKey());
  }
}
