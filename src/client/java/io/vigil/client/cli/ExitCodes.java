package io.vigil.client.cli;

import io.vigil.client.ErrorCode;

/**
 * What the CLI's exit status means, so that scripts can rely on it. The numbers never change
 * meaning.
 */
public final class ExitCodes {

  /** Done. */
  public static final int OK = 0;

  /** A server refused the request; sending the same again will not help (4xx but 429). */
  public static final int REFUSED = 1;

  /** The command line is wrong (unknown option, missing argument, bad value). */
  public static final int USAGE = 2;

  /** A server, tower or node could not be reached or asked to wait; retrying later can help. */
  public static final int RETRYABLE = 3;

  /** A server answered falsely: a wrong receipt, a broken answer. Proof kept where possible. */
  public static final int MISBEHAVING = 4;

  /** The local store could not be read or written. */
  public static final int STORE = 5;

  /** Done only in part: fewer towers or servers than the policy asks for acknowledged it. */
  public static final int PARTIAL = 6;

  /** A transaction reverted, or would. */
  public static final int REVERTED = 7;

  private ExitCodes() {}

  public static int forError(ErrorCode code) {
    return switch (code) {
      case USAGE -> USAGE;
      case UNREACHABLE, TIMEOUT, RATE_LIMITED, UNAVAILABLE, SERVER_ERROR, CHAIN -> RETRYABLE;
      case MISBEHAVING, BAD_RESPONSE -> MISBEHAVING;
      case STORE -> STORE;
      case REVERTED -> REVERTED;
      case INVALID_REQUEST, UNAUTHORIZED, FORBIDDEN, NOT_FOUND, CONFLICT, POLICY, TOO_LARGE ->
          REFUSED;
    };
  }
}
