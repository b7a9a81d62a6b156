package io.vigil.core.lease;

/**
 * The key of one PostgreSQL advisory lock: either one 64-bit key, or a pair of 32-bit keys (a key
 * space and a key in it). PostgreSQL keeps the two forms apart, so a pair never collides with a
 * single key.
 */
public record LockKey(long key, int space, boolean pair) {

  /** A single 64-bit key ({@code pg_try_advisory_lock(bigint)}). */
  public static LockKey of(long key) {
    return new LockKey(key, 0, false);
  }

  /** Key {@code key} in the key space {@code space} ({@code pg_try_advisory_lock(int, int)}). */
  public static LockKey of(int space, int key) {
    return new LockKey(key, space, true);
  }

  @Override
  public String toString() {
    return pair ? space + "/" + key : Long.toString(key);
  }
}
