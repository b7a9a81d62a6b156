package io.vigil.watcher.persistence;

import java.math.BigInteger;
import java.time.Instant;
import java.util.Arrays;
import java.util.Optional;

/**
 * The latest co-signed state Vigil holds for one channel, with the hunter authorizations that let
 * Vigil's dispute earn the bounty. Addresses and hashes are lower-case 0x hex.
 *
 * @param expiresAt set while the channel is not yet seen on chain
 */
public record HeldState(
    String channelId,
    long nonce,
    BigInteger balanceA,
    BigInteger balanceB,
    byte[] sigA,
    byte[] sigB,
    String signerA,
    String signerB,
    byte[] hunterAuthA,
    byte[] hunterAuthB,
    String client,
    long acceptedBlock,
    Instant acceptedAt,
    Optional<Instant> expiresAt) {

  /** True when the other state carries the same nonce, balances and signatures. */
  public boolean sameStateAs(HeldState other) {
    return nonce == other.nonce
        && balanceA.equals(other.balanceA)
        && balanceB.equals(other.balanceB)
        && Arrays.equals(sigA, other.sigA)
        && Arrays.equals(sigB, other.sigB);
  }

  /** The hunter authorization signed by this party, if Vigil holds one. */
  public Optional<byte[]> hunterAuthBy(String party) {
    if (party.equalsIgnoreCase(signerA)) {
      return Optional.ofNullable(hunterAuthA);
    }
    if (party.equalsIgnoreCase(signerB)) {
      return Optional.ofNullable(hunterAuthB);
    }
    return Optional.empty();
  }

  /** The same state with these hunter authorizations. */
  public HeldState withAuthorizations(byte[] authA, byte[] authB) {
    return new HeldState(
        channelId,
        nonce,
        balanceA,
        balanceB,
        sigA,
        sigB,
        signerA,
        signerB,
        authA,
        authB,
        client,
        acceptedBlock,
        acceptedAt,
        expiresAt);
  }
}
