package io.vigil.core.chain;

/** A block by number and hash, with its parent's hash for reorg detection. */
public record BlockRef(long number, String hash, String parentHash, long timestamp) {

  public static BlockRef of(long number, String hash, String parentHash, long timestamp) {
    return new BlockRef(number, hash, parentHash, timestamp);
  }
}
