package io.vigil.core.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/**
 * An RFC 9457 problem body. Every refusal names the offending field (a JSON pointer-like path such
 * as {@code state.nonce}, or a path/query parameter name) and the reason.
 *
 * @param type a stable URI-ish identifier, e.g. {@code urn:vigil:problem:invalid-field}
 * @param title short summary of the kind of problem
 * @param status HTTP status
 * @param detail human-readable explanation of this occurrence
 * @param field the field at fault, or null when no single field is
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Problem(String type, String title, int status, String detail, String field) {

  public static final String MEDIA_TYPE = "application/problem+json";

  /** A 400 naming the field and why it was refused. */
  public static Problem invalidField(String field, String reason) {
    return new Problem(
        "urn:vigil:problem:invalid-field", "Invalid field", 400, field + ": " + reason, field);
  }

  /** A 413 for a request body larger than the server accepts, naming the limit in bytes. */
  public static Problem tooLarge(long maxBytes) {
    return of(
        Response.Status.REQUEST_ENTITY_TOO_LARGE,
        "too-large",
        "body: larger than the " + maxBytes + "-byte limit",
        "body");
  }

  public static Problem of(Response.Status status, String type, String detail, String field) {
    return new Problem(
        "urn:vigil:problem:" + type,
        status.getReasonPhrase(),
        status.getStatusCode(),
        detail,
        field);
  }

  public Response toResponse() {
    return Response.status(status).type(MediaType.valueOf(MEDIA_TYPE)).entity(this).build();
  }
}
