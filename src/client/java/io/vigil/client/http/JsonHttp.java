package io.vigil.client.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.NullNode;
import io.vigil.client.ErrorCode;
import io.vigil.client.VigilClientException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * JSON over HTTP to one Vigil server, bounded in time and size: every call has a connect and a
 * request timeout, and an answer larger than {@link Limits#maxResponseBytes} is refused as a bad
 * response without being read further. A refusal by the server (4xx, 5xx) becomes a {@link
 * VigilClientException} carrying the problem body's type, field and detail; an answer that is not
 * JSON where JSON was promised is {@link ErrorCode#BAD_RESPONSE}.
 */
public final class JsonHttp {

  /** Time and size bounds of every call. */
  public record Limits(Duration connectTimeout, Duration requestTimeout, int maxResponseBytes) {
    public static final Limits DEFAULT =
        new Limits(Duration.ofSeconds(5), Duration.ofSeconds(15), 1 << 20);

    public Limits {
      Objects.requireNonNull(connectTimeout, "connectTimeout");
      Objects.requireNonNull(requestTimeout, "requestTimeout");
      if (maxResponseBytes <= 0) {
        throw new IllegalArgumentException("maxResponseBytes must be positive");
      }
    }
  }

  /** An answer the server gave with a status below 400. */
  public record Response(int status, JsonNode body, HttpResponse<?> raw) {
    public Optional<String> header(String name) {
      return raw.headers().firstValue(name);
    }
  }

  public static final ObjectMapper JSON = new ObjectMapper();

  private final URI base;
  private final HttpClient client;
  private final Limits limits;

  public JsonHttp(String baseUrl, Limits limits) {
    this.base = baseUri(baseUrl);
    this.limits = Objects.requireNonNull(limits, "limits");
    this.client =
        HttpClient.newBuilder()
            .connectTimeout(limits.connectTimeout())
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();
  }

  public JsonHttp(String baseUrl) {
    this(baseUrl, Limits.DEFAULT);
  }

  /** The server's base URL, without a trailing slash. */
  public String baseUrl() {
    return base.toString();
  }

  public Response get(String path) {
    return send("GET", path, null, null);
  }

  public Response get(String path, Supplier<String> bearer) {
    return send("GET", path, null, bearer);
  }

  public Response post(String path, Object body) {
    return send("POST", path, body, null);
  }

  public Response post(String path, Object body, Supplier<String> bearer) {
    return send("POST", path, body, bearer);
  }

  public Response put(String path, Object body, Supplier<String> bearer) {
    return send("PUT", path, body, bearer);
  }

  public Response delete(String path, Supplier<String> bearer) {
    return send("DELETE", path, null, bearer);
  }

  /**
   * Sends one request; {@code body} is serialized as JSON (a {@link JsonNode}, a record or a map),
   * {@code bearer} supplies a token when the endpoint needs one.
   */
  public Response send(String method, String path, Object body, Supplier<String> bearer) {
    URI uri = base.resolve(base.getPath() + path);
    HttpRequest.Builder request =
        HttpRequest.newBuilder(uri)
            .timeout(limits.requestTimeout())
            .header("Accept", "application/json");
    if (bearer != null) {
      request.header("Authorization", "Bearer " + bearer.get());
    }
    if (body == null) {
      request.method(method, HttpRequest.BodyPublishers.noBody());
    } else {
      request.header("Content-Type", "application/json");
      request.method(method, HttpRequest.BodyPublishers.ofByteArray(toJson(body)));
    }
    HttpResponse<InputStream> response;
    try {
      response = client.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
    } catch (HttpTimeoutException slow) {
      throw failure(ErrorCode.TIMEOUT, 0, method + " " + path + ": no answer in time", slow);
    } catch (ConnectException refused) {
      throw failure(
          ErrorCode.UNREACHABLE, 0, method + " " + path + ": connection refused", refused);
    } catch (IOException broken) {
      throw failure(ErrorCode.UNREACHABLE, 0, method + " " + path + ": " + broken, broken);
    } catch (InterruptedException interrupted) {
      Thread.currentThread().interrupt();
      throw failure(ErrorCode.UNREACHABLE, 0, method + " " + path + ": interrupted", interrupted);
    }
    byte[] bytes = readBounded(response, method, path);
    JsonNode json = parse(bytes, response);
    if (response.statusCode() >= 400) {
      throw refusal(response, json, method, path);
    }
    return new Response(response.statusCode(), json, response);
  }

  private byte[] readBounded(HttpResponse<InputStream> response, String method, String path) {
    try (InputStream in = response.body()) {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      byte[] chunk = new byte[8192];
      int read;
      while ((read = in.read(chunk)) != -1) {
        if (out.size() + read > limits.maxResponseBytes()) {
          throw failure(
              ErrorCode.BAD_RESPONSE,
              response.statusCode(),
              method + " " + path + ": answer larger than " + limits.maxResponseBytes() + " bytes",
              null);
        }
        out.write(chunk, 0, read);
      }
      return out.toByteArray();
    } catch (HttpTimeoutException slow) {
      throw failure(ErrorCode.TIMEOUT, 0, method + " " + path + ": answer not read in time", slow);
    } catch (IOException broken) {
      throw failure(ErrorCode.UNREACHABLE, 0, method + " " + path + ": " + broken, broken);
    }
  }

  private JsonNode parse(byte[] bytes, HttpResponse<?> response) {
    if (bytes.length == 0) {
      return NullNode.getInstance();
    }
    String type = response.headers().firstValue("Content-Type").orElse("");
    if (!type.contains("json")) {
      // Text answers (a ping, a proxy's error page) are kept as text, never parsed.
      return JSON.getNodeFactory()
          .textNode(new String(bytes, java.nio.charset.StandardCharsets.UTF_8));
    }
    try {
      return JSON.readTree(bytes);
    } catch (IOException notJson) {
      throw failure(
          ErrorCode.BAD_RESPONSE,
          response.statusCode(),
          "answer is not JSON: " + notJson.getMessage(),
          notJson);
    }
  }

  private VigilClientException refusal(
      HttpResponse<?> response, JsonNode problem, String method, String path) {
    int status = response.statusCode();
    String type = text(problem, "type");
    String field = text(problem, "field");
    String detail = text(problem, "detail");
    Long retryAfter =
        response.headers().firstValue("Retry-After").flatMap(JsonHttp::seconds).orElse(null);
    String message =
        method + " " + path + " answered " + status + (detail == null ? "" : ": " + detail);
    return new VigilClientException(
        ErrorCode.forStatus(status), baseUrl(), status, type, field, retryAfter, message, null);
  }

  private VigilClientException failure(ErrorCode code, int status, String detail, Throwable cause) {
    return new VigilClientException(
        code, baseUrl(), status, null, null, null, baseUrl() + " " + detail, cause);
  }

  private static String text(JsonNode node, String field) {
    return node != null && node.hasNonNull(field) ? node.get(field).asText() : null;
  }

  private static Optional<Long> seconds(String header) {
    try {
      return Optional.of(Long.parseLong(header.trim()));
    } catch (NumberFormatException notSeconds) {
      return Optional.empty();
    }
  }

  private static byte[] toJson(Object body) {
    try {
      return JSON.writeValueAsBytes(body);
    } catch (IOException unwritable) {
      throw new IllegalArgumentException("body cannot be written as JSON", unwritable);
    }
  }

  private static URI baseUri(String baseUrl) {
    Objects.requireNonNull(baseUrl, "baseUrl");
    URI uri;
    try {
      uri =
          URI.create(baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl);
    } catch (IllegalArgumentException malformed) {
      throw VigilClientException.of(ErrorCode.USAGE, "not a URL: " + baseUrl);
    }
    if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme())
        || uri.getHost() == null) {
      throw VigilClientException.of(
          ErrorCode.USAGE, "a server URL is http(s)://host[:port]: " + baseUrl);
    }
    return uri;
  }
}
