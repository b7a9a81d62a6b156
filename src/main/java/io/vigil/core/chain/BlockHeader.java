package io.vigil.core.chain;

import io.vigil.core.crypto.Address;
import org.web3j.crypto.Hash;
import org.web3j.utils.Numeric;

/**
 * A block's header as far as a log reader needs it: the block and its logs bloom, which tells for
 * certain that a contract logged nothing in the block (a bloom has false positives, never false
 * negatives).
 */
public record BlockHeader(BlockRef block, String logsBloom) {

  private static final int BLOOM_BYTES = 256;

  public static BlockHeader of(BlockRef block, String logsBloom) {
    return new BlockHeader(block, logsBloom);
  }

  /**
   * False only when the bloom rules out any log of {@code contract} in this block; true when it may
   * hold one, and when the node gave no usable bloom.
   */
  public boolean mayHoldLogsOf(Address contract) {
    if (logsBloom == null) {
      return true;
    }
    byte[] bloom = Numeric.hexStringToByteArray(logsBloom);
    if (bloom.length != BLOOM_BYTES) {
      return true;
    }
    // The yellow paper's M3:2048: three bits, each from the low 11 bits of one of the first three
    // byte pairs of the item's Keccak hash; bit 0 is the last byte's lowest bit.
    byte[] hash = Hash.sha3(contract.toBytes());
    for (int pair = 0; pair < 6; pair += 2) {
      int bit = (((hash[pair] & 0xff) << 8) | (hash[pair + 1] & 0xff)) & 0x7ff;
      if ((bloom[BLOOM_BYTES - 1 - bit / 8] & (1 << (bit % 8))) == 0) {
        return false;
      }
    }
    return true;
  }
}
