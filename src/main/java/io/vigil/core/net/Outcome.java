package io.vigil.core.net;

import java.net.http.HttpHeaders;

/** What became of one outbound call. */
public sealed interface Outcome {

  /**
   * The destination answered within the limits.
   *
   * @param status the HTTP status (redirects are not followed: a 3xx is an answer like any other)
   * @param headers the answer's headers
   * @param body the whole body, at most {@code vigil.outbound.max-body-bytes}
   */
  record Answered(int status, HttpHeaders headers, byte[] body) implements Outcome {}

  /** The policy refused the destination; nothing was sent. */
  record Refused(OutboundPolicy.Refusal refusal) implements Outcome {}

  /** The answer's body was larger than {@code limit} bytes; it was cut off and dropped. */
  record TooLarge(long limit) implements Outcome {}

  /**
   * The call did not complete.
   *
   * @param reason {@code timeout} (no complete answer within the deadline), {@code unreachable}
   *     (connection or protocol failure) or {@code interrupted}
   */
  record Failed(String reason) implements Outcome {}
}
