package io.vigil.core.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.runtime.configuration.MemorySize;
import io.quarkus.vertx.http.runtime.RouteConstants;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.HttpVersion;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Refuses request bodies larger than {@code quarkus.http.limits.max-body-size} with a problem+json
 * 413, for every path of every role, whether the client announced the size (Content-Length) or
 * streamed a chunked body past the limit.
 *
 * <p>It runs on the Vert.x router ahead of Quarkus' own size check, which would answer 413 with an
 * empty body before any endpoint code (and so before {@link ProblemMappers}) runs.
 */
@Singleton
public class BodyLimit {

  /**
   * After a 413, the rest of the body is read and dropped until the client has sent it all, then
   * the connection is closed. WARNING: closing while request bytes are still unread makes the
   * kernel reset the connection, and a client still writing then fails without reading the 413. The
   * connection is closed anyway once the client pauses this long...
   */
  static final Duration LINGER_IDLE = Duration.ofSeconds(2);

  /** ...or has been sending for this long after the answer. */
  static final Duration LINGER_MAX = Duration.ofSeconds(30);

  private static final int TOO_LARGE = 413;

  private final long maxBytes;
  private final ObjectMapper json;

  BodyLimit(
      @ConfigProperty(name = "quarkus.http.limits.max-body-size") Optional<MemorySize> maxBodySize,
      ObjectMapper json) {
    this.maxBytes = maxBodySize.map(MemorySize::asLongValue).orElse(-1L);
    this.json = json;
  }

  /** The largest request body accepted, in bytes; negative when there is no limit. */
  public long maxBytes() {
    return maxBytes;
  }

  /** The answer to a body over the limit. */
  public Problem problem() {
    return Problem.tooLarge(maxBytes);
  }

  void install(@Observes Router router) {
    if (maxBytes < 0) {
      return;
    }
    // Chunked bodies are read here, up to the limit, so that RESTEasy gets them complete.
    // WARNING: a non-blocking RESTEasy endpoint (one returning Uni, or @NonBlocking) would see an
    // empty chunked body after this; every Vigil endpoint is blocking (BodyLimitTest checks it).
    BodyHandler chunked = BodyHandler.create(false).setBodyLimit(maxBytes);
    router
        .route()
        .order(RouteConstants.ROUTE_ORDER_UPLOAD_LIMIT - 1)
        .handler(context -> check(context, chunked))
        .failureHandler(this::refuse);
  }

  private void check(RoutingContext context, BodyHandler chunked) {
    HttpServerRequest request = context.request();
    String announced = request.getHeader(HttpHeaders.CONTENT_LENGTH);
    if (announced != null) {
      if (above(announced)) {
        context.fail(TOO_LARGE);
      } else {
        context.next();
      }
    } else if (streamsABody(request)) {
      chunked.handle(context);
    } else {
      context.next();
    }
  }

  private boolean above(String announced) {
    try {
      return Long.parseLong(announced.trim()) > maxBytes;
    } catch (NumberFormatException unparsable) {
      // The HTTP decoder refuses a malformed Content-Length before the router sees the request.
      return false;
    }
  }

  /**
   * A chunked HTTP/1.1 body. HTTP/2 requests (h2c, as the JDK's client upgrades to by default) are
   * left to Quarkus: reading ahead there would also swallow the empty body of a GET, and RESTEasy
   * then fails the request as already read. An oversized HTTP/2 body without a length still gets a
   * 413, from Quarkus, with an empty body.
   */
  private static boolean streamsABody(HttpServerRequest request) {
    return !request.isEnded()
        && request.version() != HttpVersion.HTTP_2
        && request.headers().contains(HttpHeaders.TRANSFER_ENCODING);
  }

  private void refuse(RoutingContext context) {
    HttpServerResponse response = context.response();
    if (context.statusCode() != TOO_LARGE || response.headWritten()) {
      context.next();
      return;
    }
    String body;
    try {
      body = json.writeValueAsString(problem());
    } catch (JsonProcessingException impossible) {
      throw new IllegalStateException("a problem record did not serialize", impossible);
    }
    HttpServerRequest request = context.request();
    response.setStatusCode(TOO_LARGE).putHeader(HttpHeaders.CONTENT_TYPE, Problem.MEDIA_TYPE);
    if (request.version() == HttpVersion.HTTP_2) {
      // One stream of a shared connection: ending the response ends the stream, nothing to close.
      response.end(body);
      return;
    }
    Vertx vertx = context.vertx();
    response
        .putHeader(HttpHeaders.CONNECTION, "close")
        .end(body)
        .onComplete(written -> closeOnceSent(request, vertx));
  }

  /**
   * Closes the connection once the client has sent its whole body, after {@link #LINGER_IDLE}
   * without data, or after {@link #LINGER_MAX}.
   */
  private static void closeOnceSent(HttpServerRequest request, Vertx vertx) {
    HttpConnection connection = request.connection();
    if (request.isEnded()) {
      connection.close();
      return;
    }
    new Lingering(request, vertx).start();
  }

  /** The dropping of a refused body's remaining bytes, and the timers that bound it. */
  private static final class Lingering {
    private final HttpServerRequest request;
    private final Vertx vertx;
    private final HttpConnection connection;
    private long idleTimer;
    private long maxTimer;

    Lingering(HttpServerRequest request, Vertx vertx) {
      this.request = request;
      this.vertx = vertx;
      this.connection = request.connection();
    }

    // Everything below runs on the connection's event loop, one callback at a time.
    void start() {
      maxTimer = vertx.setTimer(LINGER_MAX.toMillis(), fired -> close());
      idleTimer = vertx.setTimer(LINGER_IDLE.toMillis(), fired -> close());
      request.exceptionHandler(failure -> close());
      request.handler(
          dropped -> {
            vertx.cancelTimer(idleTimer);
            idleTimer = vertx.setTimer(LINGER_IDLE.toMillis(), fired -> close());
          });
      request.endHandler(ended -> close());
      request.resume();
    }

    private void close() {
      vertx.cancelTimer(idleTimer);
      vertx.cancelTimer(maxTimer);
      connection.close();
    }
  }
}
