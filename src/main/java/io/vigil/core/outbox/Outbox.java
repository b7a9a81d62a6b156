package io.vigil.core.outbox;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.IntUnaryOperator;

/**
 * Moves messages from an outbox table to Kafka without losing one: a role writes a message in the
 * same database transaction as the decision that needs it; {@link #publish} later sends a batch,
 * waits until Kafka acknowledged all of it, and only then settles the batch (marks it sent or
 * deletes it).
 *
 * <p>Invariant (at least once): a message is settled only after Kafka acknowledged it. A crash or a
 * timeout in between sends the batch again later, so every consumer must treat a repeated message
 * as a no-op (the roles key their messages by request id).
 */
public final class Outbox {

  private Outbox() {}

  /** One queued message: its row id, its Kafka key and its payload. */
  public record Pending(String id, String key, String payload) {}

  /** The table side of an outbox, within whatever transaction the caller runs the batch in. */
  public interface Table {

    /** Up to {@code limit} queued messages, oldest first. */
    List<Pending> claim(int limit);

    /** Marks {@code sent} (all acknowledged by Kafka) as done. */
    void settle(List<Pending> sent);
  }

  /** The Kafka side: sends one message; the stage completes when Kafka acknowledged it. */
  @FunctionalInterface
  public interface Sink {
    CompletionStage<?> send(Pending message);
  }

  /**
   * Sends up to {@code limit} queued messages and settles them once Kafka acknowledged every one
   * within {@code ackTimeout}; answers how many. Throws (settling nothing) when an acknowledgement
   * fails or is late.
   */
  public static int publish(Table table, Sink sink, int limit, Duration ackTimeout) {
    List<Pending> batch = table.claim(limit);
    if (batch.isEmpty()) {
      return 0;
    }
    CompletableFuture<?>[] acks =
        batch.stream()
            .map(m -> sink.send(m).toCompletableFuture())
            .toArray(CompletableFuture[]::new);
    try {
      CompletableFuture.allOf(acks).get(ackTimeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for Kafka", e);
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException("Kafka did not acknowledge the batch: " + e, e);
    }
    table.settle(batch);
    return batch.size();
  }

  /**
   * Runs {@code batch} (which publishes up to its argument, each batch in its own transaction)
   * until one comes back short; answers how many in all.
   */
  public static int drain(IntUnaryOperator batch, int limit) {
    int total = 0;
    int sent;
    do {
      sent = batch.applyAsInt(limit);
      total += sent;
    } while (sent == limit);
    return total;
  }
}
