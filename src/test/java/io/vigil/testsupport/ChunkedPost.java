package io.vigil.testsupport;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Sends a JSON body with chunked transfer encoding and no Content-Length, in pieces, the way a
 * streaming client does: the server only learns the size while reading.
 */
public final class ChunkedPost {

  private static final HttpClient HTTP =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(10))
          .build();

  private ChunkedPost() {}

  /** POSTs {@code json} to {@code uri} in chunks of at most {@code piece} bytes. */
  public static HttpResponse<String> send(URI uri, String json, int piece) {
    byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
    List<byte[]> pieces = new ArrayList<>();
    for (int from = 0; from < bytes.length; from += piece) {
      pieces.add(Arrays.copyOfRange(bytes, from, Math.min(bytes.length, from + piece)));
    }
    // fromPublisher without a length: the client announces no Content-Length and sends chunks.
    HttpRequest request =
        HttpRequest.newBuilder(uri)
            .timeout(Duration.ofSeconds(30))
            .header("Content-Type", "application/json")
            .POST(
                HttpRequest.BodyPublishers.fromPublisher(
                    HttpRequest.BodyPublishers.ofByteArrays(pieces)))
            .build();
    return HttpExchanges.sendForText(HTTP, request);
  }
}
