package io.vigil.client.hub;

/**
 * Gas limits of the hub's functions as a client calls them. The defaults are the worst figures
 * measured in docs/gas.md with about 50% head room, inside the relay's accepted range (21,000 to
 * 1,000,000); a caller on another chain or hub build can set its own.
 */
public record GasLimits(
    long open,
    long deposit,
    long checkpoint,
    long cooperativeClose,
    long close,
    long settle,
    long withdraw) {

  /**
   * open 92k, deposit 56k, checkpoint 47k, cooperativeClose 91k, close 72k, settle 81k, withdraw
   * 35k measured.
   */
  public static final GasLimits DEFAULT =
      new GasLimits(140_000, 90_000, 80_000, 140_000, 110_000, 125_000, 60_000);

  public GasLimits {
    for (long limit :
        new long[] {open, deposit, checkpoint, cooperativeClose, close, settle, withdraw}) {
      if (limit < 21_000) {
        throw new IllegalArgumentException("a gas limit is at least 21000");
      }
    }
  }
}
