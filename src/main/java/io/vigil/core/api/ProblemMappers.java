package io.vigil.core.api;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.InputCoercionException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** Turns refusals, validation failures and unreadable bodies into problem+json answers. */
public class ProblemMappers {

  private static final Logger LOG = Logger.getLogger(ProblemMappers.class);

  private final BodyLimit bodyLimit;

  public ProblemMappers(BodyLimit bodyLimit) {
    this.bodyLimit = bodyLimit;
  }

  @ServerExceptionMapper
  public Response problem(ProblemException refused) {
    Response response = refused.problem().toResponse();
    if (refused.retryAfterSeconds() > 0) {
      response.getHeaders().putSingle("Retry-After", String.valueOf(refused.retryAfterSeconds()));
    }
    return response;
  }

  @ServerExceptionMapper
  public Response invalid(ConstraintViolationException invalid) {
    ConstraintViolation<?> first =
        invalid.getConstraintViolations().stream()
            .sorted(
                java.util.Comparator.comparing(violation -> fieldOf(violation.getPropertyPath())))
            .findFirst()
            .orElse(null);
    if (first == null) {
      return Problem.invalidField("body", "invalid").toResponse();
    }
    String field = fieldOf(first.getPropertyPath());
    String all =
        invalid.getConstraintViolations().stream()
            .map(v -> fieldOf(v.getPropertyPath()) + ": " + v.getMessage())
            .sorted()
            .collect(Collectors.joining("; "));
    return new Problem("urn:vigil:problem:invalid-field", "Invalid field", 400, all, field)
        .toResponse();
  }

  /**
   * A body of the wrong JSON shape for its type ({@code 0} where an object is expected). Declared
   * for this subtype because Quarkus maps it with a built-in mapper of its own (a 400 without a
   * body), which is closer to the exception's type than {@link #unreadable}.
   */
  @ServerExceptionMapper
  public Response mismatched(MismatchedInputException mismatched) {
    return unreadable(mismatched);
  }

  @ServerExceptionMapper
  public Response unreadable(JsonProcessingException unreadable) {
    return Problem.invalidField(
            fieldOf(unreadable), "malformed JSON: " + unreadable.getOriginalMessage())
        .toResponse();
  }

  /**
   * The field an unreadable body fails at ({@code entries.0.maxTo}): the mapping path, or for a
   * number too large for its field, where the parser stands; {@code body} when neither says.
   */
  static String fieldOf(JsonProcessingException unreadable) {
    if (unreadable instanceof JsonMappingException mapping && !mapping.getPath().isEmpty()) {
      return mapping.getPath().stream()
          .map(
              ref ->
                  ref.getFieldName() != null ? ref.getFieldName() : String.valueOf(ref.getIndex()))
          .collect(Collectors.joining("."));
    }
    if (unreadable instanceof InputCoercionException outOfRange
        && outOfRange.getProcessor() instanceof JsonParser parser) {
      String pointer = parser.getParsingContext().pathAsPointer().toString();
      if (pointer.length() > 1) {
        return pointer.substring(1).replace('/', '.');
      }
    }
    return "body";
  }

  /** No credentials, or credentials that do not authenticate: 401, saying which schemes work. */
  @ServerExceptionMapper
  public Response unauthenticated(io.quarkus.security.AuthenticationFailedException failed) {
    return unauthorized();
  }

  @ServerExceptionMapper
  public Response unauthorized(io.quarkus.security.UnauthorizedException anonymous) {
    return unauthorized();
  }

  /** Authenticated, but not allowed this endpoint or this resource: 403. */
  @ServerExceptionMapper
  public Response forbidden(io.quarkus.security.ForbiddenException refused) {
    return Problem.of(
            Response.Status.FORBIDDEN,
            "forbidden",
            refused.getMessage() == null || refused.getMessage().isBlank()
                ? "these credentials do not allow this request"
                : refused.getMessage(),
            null)
        .toResponse();
  }

  private static Response unauthorized() {
    Response response =
        Problem.of(
                Response.Status.UNAUTHORIZED,
                "unauthorized",
                "credentials are missing or wrong: the operator uses HTTP Basic, a key holder a"
                    + " bearer token from POST /v1/auth/tokens",
                null)
            .toResponse();
    response.getHeaders().add("WWW-Authenticate", "Basic realm=\"vigil\"");
    response.getHeaders().add("WWW-Authenticate", "Bearer realm=\"vigil\"");
    return response;
  }

  /**
   * Any failure no other mapper takes: 503 with {@code Retry-After} when the database is
   * unreachable ({@link DatabaseOutage}), otherwise the 500 it always was, logged with its trace.
   */
  @ServerExceptionMapper
  public Response failed(Exception failure) {
    if (DatabaseOutage.isOutage(failure)) {
      LOG.warnf("database unreachable, answering 503: %s", failure.toString());
      return DatabaseOutage.response();
    }
    LOG.error("request failed", failure);
    return Problem.of(Response.Status.INTERNAL_SERVER_ERROR, "internal", "the request failed", null)
        .toResponse();
  }

  @ServerExceptionMapper
  public Response notFound(NotFoundException missing) {
    return Problem.of(Response.Status.NOT_FOUND, "not-found", "no such resource", null)
        .toResponse();
  }

  @ServerExceptionMapper(priority = jakarta.ws.rs.Priorities.USER + 100)
  public Response web(WebApplicationException error) {
    Response original = error.getResponse();
    if (original.getStatus() == 413) {
      return bodyLimit.problem().toResponse();
    }
    if (original.getStatus() >= 500) {
      return original;
    }
    for (Throwable cause = error.getCause(); cause != null; cause = cause.getCause()) {
      if (cause instanceof JsonProcessingException unreadableBody) {
        return unreadable(unreadableBody);
      }
    }
    if (original.getStatus() == 400) {
      return Problem.invalidField("body", "unreadable request: " + error.getMessage()).toResponse();
    }
    Response.Status status = Response.Status.fromStatusCode(original.getStatus());
    return new Problem(
            "urn:vigil:problem:http-" + original.getStatus(),
            status == null ? "Error" : status.getReasonPhrase(),
            original.getStatus(),
            String.valueOf(error.getMessage()),
            null)
        .toResponse();
  }

  /**
   * The field a violation is about: for a request body, the path inside the body ({@code
   * state.nonce}); for a path or query parameter, the parameter's name.
   */
  static String fieldOf(jakarta.validation.Path path) {
    java.util.List<String> properties = new java.util.ArrayList<>();
    String parameter = null;
    for (jakarta.validation.Path.Node node : path) {
      switch (node.getKind()) {
        case PARAMETER -> parameter = node.getName();
        case PROPERTY, CONTAINER_ELEMENT -> {
          if (node.getName() != null) {
            properties.add(node.getName());
          }
        }
        default -> {}
      }
    }
    if (!properties.isEmpty()) {
      return String.join(".", properties);
    }
    return parameter != null ? parameter : path.toString();
  }
}
