package io.vigil.core.messaging;

/** Tells whether the database the consumers write to answers right now. */
public interface StoreProbe {

  /** True when a trivial query succeeds within a short timeout. Never throws. */
  boolean answers();
}
