package io.vigil.client;

import java.util.Objects;
import java.util.Optional;

/**
 * A failed call of the kit: its {@link ErrorCode} (stable, with retryability and a hint), the
 * server it concerned, and, when a server refused it, the HTTP status, the problem {@code type} and
 * the field at fault.
 */
public final class VigilClientException extends RuntimeException {

  private final ErrorCode code;
  private final String server;
  private final int status;
  private final String problemType;
  private final String field;
  private final Long retryAfterSeconds;

  public VigilClientException(
      ErrorCode code,
      String server,
      int status,
      String problemType,
      String field,
      Long retryAfterSeconds,
      String detail,
      Throwable cause) {
    super(detail, cause);
    this.code = Objects.requireNonNull(code, "code");
    this.server = server;
    this.status = status;
    this.problemType = problemType;
    this.field = field;
    this.retryAfterSeconds = retryAfterSeconds;
  }

  /** A failure that did not come from an HTTP answer (a local check, a store, a usage error). */
  public static VigilClientException of(ErrorCode code, String detail) {
    return new VigilClientException(code, null, 0, null, null, null, detail, null);
  }

  public static VigilClientException of(ErrorCode code, String detail, Throwable cause) {
    return new VigilClientException(code, null, 0, null, null, null, detail, cause);
  }

  public ErrorCode code() {
    return code;
  }

  public boolean retryable() {
    return code.retryable();
  }

  public String hint() {
    return code.hint();
  }

  /** The server's base URL, when a server was involved. */
  public Optional<String> server() {
    return Optional.ofNullable(server);
  }

  /** The HTTP status, or 0 when no answer came. */
  public int status() {
    return status;
  }

  /** The problem {@code type} the server gave, e.g. {@code urn:vigil:problem:watch-policy}. */
  public Optional<String> problemType() {
    return Optional.ofNullable(problemType);
  }

  /** The request field the server named as at fault. */
  public Optional<String> field() {
    return Optional.ofNullable(field);
  }

  /** The server's {@code Retry-After}, in seconds. */
  public Optional<Long> retryAfterSeconds() {
    return Optional.ofNullable(retryAfterSeconds);
  }
}
