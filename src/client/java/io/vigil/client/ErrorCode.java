package io.vigil.client;

/**
 * Every way a call of the kit can fail, with a stable code a program can switch on, whether
 * retrying the same call can help, and what the user should do. The codes never change meaning; new
 * ones may be added.
 */
public enum ErrorCode {
  UNREACHABLE(
      "unreachable",
      true,
      "The server did not answer (connection refused, DNS or TLS failure). Check the URL; the kit"
          + " retries with backoff and never blocks on one server."),
  TIMEOUT(
      "timeout",
      true,
      "The server took longer than the timeout. Retry later; raise the timeout only for a known"
          + " slow link."),
  RATE_LIMITED(
      "rate-limited",
      true,
      "The server asked to slow down (429). Retry after the time it named (retryAfterSeconds)."),
  UNAVAILABLE(
      "unavailable",
      true,
      "The server is up but cannot serve this now (503: not ready, no hub or no key configured)."
          + " Retry later or ask its operator."),
  SERVER_ERROR(
      "server-error",
      true,
      "The server failed (5xx). Retry later; report it to the server's operator if it persists."),
  INVALID_REQUEST(
      "invalid-request",
      false,
      "The server refused the request as malformed (400). Fix the field it named and send again."),
  UNAUTHORIZED(
      "unauthorized",
      false,
      "The server needs a login or refused it (401). Check the key and the deployment's audience."),
  FORBIDDEN("forbidden", false, "This key may not do this on that server (403)."),
  NOT_FOUND(
      "not-found",
      false,
      "The server holds nothing under that name (404). Check the id, or that it was sent to this"
          + " server."),
  CONFLICT(
      "conflict",
      false,
      "The request contradicts what the server holds (409), e.g. an older nonce. Send the latest"
          + " state."),
  POLICY(
      "policy",
      false,
      "The request is well formed but the server will not act on it (422): a watch policy, a"
          + " revert, too little value. The detail says which figure to change."),
  TOO_LARGE("too-large", false, "The request is larger than the server accepts (413)."),
  BAD_RESPONSE(
      "bad-response",
      false,
      "The server answered something that is not what its API promises. Treat the server as"
          + " unreliable."),
  MISBEHAVING(
      "misbehaving",
      false,
      "A tower signed a receipt that does not match what was sent, or with a key other than the"
          + " one pinned. The tower is marked misbehaving and the proof is kept; remove it."),
  CHAIN(
      "chain",
      true,
      "The chain node did not answer or refused a call. Check the RPC URL, or use another node."),
  REVERTED(
      "reverted",
      false,
      "The transaction would revert or did revert on chain; the detail carries the reason."),
  STORE(
      "store",
      false,
      "The local store could not be read or written. Check the --home directory and its disk."),
  USAGE("usage", false, "The command or its arguments are wrong; see --help.");

  private final String code;
  private final boolean retryable;
  private final String hint;

  ErrorCode(String code, boolean retryable, String hint) {
    this.code = code;
    this.retryable = retryable;
    this.hint = hint;
  }

  /** The stable text code, e.g. {@code rate-limited}. */
  public String code() {
    return code;
  }

  /** Whether the same call, made again later, can succeed. */
  public boolean retryable() {
    return retryable;
  }

  /** What the user should do. */
  public String hint() {
    return hint;
  }

  /** The code for an HTTP error status. */
  public static ErrorCode forStatus(int status) {
    return switch (status) {
      case 400 -> INVALID_REQUEST;
      case 401 -> UNAUTHORIZED;
      case 403 -> FORBIDDEN;
      case 404, 410 -> NOT_FOUND;
      case 409 -> CONFLICT;
      case 413 -> TOO_LARGE;
      case 422 -> POLICY;
      case 429 -> RATE_LIMITED;
      case 503 -> UNAVAILABLE;
      default -> status >= 500 ? SERVER_ERROR : INVALID_REQUEST;
    };
  }
}
