package io.vigil.testsupport;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** Asks a running Vigil whether it is ready, on its management interface. */
final class VigilProbe implements AutoCloseable {

  private final String management;
  private final HttpClient http = HttpClient.newHttpClient();

  VigilProbe(String management) {
    this.management = management;
  }

  boolean ready() {
    try {
      HttpRequest request =
          HttpRequest.newBuilder(URI.create(management + "/q/health/ready"))
              .timeout(Duration.ofSeconds(5))
              .build();
      return http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  @Override
  public void close() {
    http.close();
  }
}
