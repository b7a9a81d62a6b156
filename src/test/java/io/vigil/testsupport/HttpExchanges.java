package io.vigil.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

/** Blocking HTTP exchanges for tests: the body as text, with checked exceptions made unchecked. */
public final class HttpExchanges {

  private HttpExchanges() {}

  /**
   * Sends {@code request} with {@code client} and waits for the answer; an I/O failure becomes an
   * {@link UncheckedIOException}, an interrupt keeps the interrupt flag and becomes an {@link
   * IllegalStateException}.
   */
  public static HttpResponse<String> sendForText(HttpClient client, HttpRequest request) {
    try {
      return client.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
