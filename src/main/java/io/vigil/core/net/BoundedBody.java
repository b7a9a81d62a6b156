package io.vigil.core.net;

import java.io.ByteArrayOutputStream;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;

/**
 * Reads an answer's body as it arrives and gives up (cancelling the exchange, which closes the
 * connection) as soon as it is larger than the limit, or at once when its Content-Length says it
 * will be. Memory used is at most about twice the limit, whatever the destination sends.
 */
final class BoundedBody implements HttpResponse.BodySubscriber<BoundedBody.Body> {

  /** The bytes read, or {@code tooLarge} with none kept. */
  record Body(byte[] bytes, boolean tooLarge) {
    static final Body TOO_LARGE = new Body(new byte[0], true);
  }

  private final long limit;
  private final long declared;
  private final CompletableFuture<Body> result = new CompletableFuture<>();
  private final ByteArrayOutputStream bytes;
  private Flow.Subscription subscription;
  private long received;

  /**
   * @param limit most bytes accepted
   * @param declared the Content-Length the answer announced, or -1
   */
  BoundedBody(long limit, long declared) {
    this.limit = limit;
    this.declared = declared;
    this.bytes = new ByteArrayOutputStream((int) Math.min(Math.max(declared, 1024), limit));
  }

  static HttpResponse.BodyHandler<Body> handler(long limit) {
    return info ->
        new BoundedBody(limit, info.headers().firstValueAsLong("Content-Length").orElse(-1));
  }

  @Override
  public void onSubscribe(Flow.Subscription subscription) {
    this.subscription = subscription;
    if (declared > limit) {
      tooLarge();
      return;
    }
    subscription.request(1);
  }

  @Override
  public void onNext(List<ByteBuffer> buffers) {
    if (result.isDone()) {
      return;
    }
    for (ByteBuffer buffer : buffers) {
      received += buffer.remaining();
      if (received > limit) {
        tooLarge();
        return;
      }
      byte[] chunk = new byte[buffer.remaining()];
      buffer.get(chunk);
      bytes.writeBytes(chunk);
    }
    subscription.request(1);
  }

  @Override
  public void onError(Throwable failure) {
    result.completeExceptionally(failure);
  }

  @Override
  public void onComplete() {
    result.complete(new Body(bytes.toByteArray(), false));
  }

  @Override
  public CompletionStage<Body> getBody() {
    return result;
  }

  private void tooLarge() {
    subscription.cancel();
    result.complete(Body.TOO_LARGE);
  }
}
