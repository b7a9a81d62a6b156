package io.vigil.core.chain;

/** Whether repeating a failed chain call can help. */
public enum ErrorClass {
  /** An outage or rate limit: the same call may succeed later or on another endpoint. */
  RETRYABLE,
  /** The provider refused the size of an eth_getLogs query: ask again for a smaller range. */
  RANGE_TOO_LARGE,
  /** The call itself is wrong (reverted, invalid, rejected): repeating it cannot help. */
  FATAL
}
