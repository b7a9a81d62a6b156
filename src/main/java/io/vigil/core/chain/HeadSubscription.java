package io.vigil.core.chain;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.LongConsumer;

/**
 * One {@code eth_subscribe} to {@code newHeads} over one WebSocket connection: hands the number of
 * each pushed head to its consumer, and says once when the connection ends (closed, failed, or a
 * message over the size limit). Never reconnects by itself: {@link PushedHeads} decides that.
 *
 * <p>Callbacks run on the HTTP client's executor, one message at a time (demand is one message).
 */
final class HeadSubscription implements WebSocket.Listener, AutoCloseable {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String SUBSCRIBE =
      "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"eth_subscribe\",\"params\":[\"newHeads\"]}";

  private final int maxMessageChars;
  private final LongConsumer onHead;
  private final Runnable onEnd;
  private final CompletableFuture<String> answer = new CompletableFuture<>();
  private final StringBuilder message = new StringBuilder();
  private volatile boolean open = true;
  private volatile WebSocket socket;

  private HeadSubscription(int maxMessageChars, LongConsumer onHead, Runnable onEnd) {
    this.maxMessageChars = maxMessageChars;
    this.onHead = onHead;
    this.onEnd = onEnd;
  }

  /**
   * Connects and subscribes, each step within {@code timeout}. Throws a {@link ChainException} when
   * the endpoint cannot be reached, does not answer, or answers eth_subscribe with an error (an
   * endpoint without subscriptions); nothing is left open then. An unusable URL throws {@link
   * IllegalArgumentException}, whose message quotes the URL: never log it.
   */
  static HeadSubscription open(
      HttpClient http,
      URI uri,
      Duration timeout,
      int maxMessageChars,
      LongConsumer onHead,
      Runnable onEnd) {
    HeadSubscription subscription = new HeadSubscription(maxMessageChars, onHead, onEnd);
    try {
      WebSocket socket =
          http.newWebSocketBuilder()
              .connectTimeout(timeout)
              .buildAsync(uri, subscription)
              .get(timeout.toMillis(), TimeUnit.MILLISECONDS);
      subscription.socket = socket;
      socket.sendText(SUBSCRIBE, true).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
      subscription.answer.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
      return subscription;
    } catch (ExecutionException failed) {
      subscription.close();
      Throwable cause = failed.getCause();
      if (cause instanceof ChainException refused) {
        throw refused;
      }
      throw new ChainException(ErrorClass.RETRYABLE, "head subscription failed: " + cause, cause);
    } catch (TimeoutException slow) {
      subscription.close();
      throw new ChainException(
          ErrorClass.RETRYABLE, "no head subscription within " + timeout, slow);
    } catch (InterruptedException interrupted) {
      Thread.currentThread().interrupt();
      subscription.close();
      throw new ChainException(ErrorClass.RETRYABLE, "interrupted while subscribing", interrupted);
    }
  }

  /** True until the connection ends or is closed. */
  boolean isOpen() {
    return open;
  }

  /** Drops the connection at once (the node forgets the subscription with it). Idempotent. */
  @Override
  public void close() {
    open = false;
    WebSocket current = socket;
    if (current != null) {
      current.abort();
    }
  }

  @Override
  public void onOpen(WebSocket webSocket) {
    socket = webSocket;
    webSocket.request(1);
  }

  @Override
  public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
    message.append(data);
    if (message.length() > maxMessageChars) {
      message.setLength(0);
      end(new IOException("a message over " + maxMessageChars + " characters"));
      webSocket.abort();
      return null;
    }
    if (last) {
      String text = message.toString();
      message.setLength(0);
      try {
        read(JSON.readTree(text));
      } catch (IOException | RuntimeException unreadable) {
        end(new IOException("an unreadable message: " + unreadable.getMessage(), unreadable));
        webSocket.abort();
        return null;
      }
    }
    webSocket.request(1);
    return null;
  }

  @Override
  public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
    end(new IOException("closed by the endpoint (" + statusCode + " " + reason + ")"));
    return null;
  }

  @Override
  public void onError(WebSocket webSocket, Throwable error) {
    end(error);
  }

  /** The answer to eth_subscribe, or a notification of the subscription it named. */
  private void read(JsonNode json) {
    if (json.has("id") && !answer.isDone()) {
      JsonNode error = json.get("error");
      if (error != null && !error.isNull()) {
        answer.completeExceptionally(
            new ChainException(
                ErrorClass.FATAL,
                "the endpoint refused eth_subscribe newHeads: " + error.path("message").asText(),
                error.path("code").isInt() ? error.path("code").asInt() : null,
                null));
      } else {
        answer.complete(json.path("result").asText());
      }
      return;
    }
    String id = answer.getNow(null);
    JsonNode params = json.path("params");
    if (id != null
        && "eth_subscription".equals(json.path("method").asText())
        && id.equals(params.path("subscription").asText())) {
      String number = params.path("result").path("number").asText("");
      if (number.startsWith("0x")) {
        onHead.accept(Long.parseLong(number.substring(2), 16));
      }
    }
  }

  private void end(Throwable why) {
    boolean wasOpen = open;
    open = false;
    answer.completeExceptionally(
        why instanceof ChainException chain
            ? chain
            : new ChainException(ErrorClass.RETRYABLE, "head subscription ended: " + why, why));
    if (wasOpen) {
      onEnd.run();
    }
  }
}
