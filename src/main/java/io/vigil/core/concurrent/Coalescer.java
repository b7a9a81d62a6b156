package io.vigil.core.concurrent;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;
import java.util.function.IntConsumer;

/**
 * Lets concurrent callers share one run of a batch operation. Each caller hands in its item and
 * blocks; one of them, the leader, runs the operation on every item waiting at that moment (at most
 * {@code maxBatch}) and hands each caller its own result. Items that arrive while a batch runs wait
 * and form the next batch, whose leader is the oldest of them. So a lone caller runs at once,
 * without a timer, and batches grow only as far as the load makes callers wait anyway. At most
 * {@code maxRunning} batches run at a time; items are taken in their arrival order.
 *
 * <p>The operation gets the items in arrival order and must answer one {@link Result} per item, in
 * the same order. If it throws, or answers a list of another length, every item of that batch fails
 * with that exception (an {@link Error} is also rethrown to the leader) and the next batch runs as
 * usual.
 *
 * @param <I> an item
 * @param <O> the result of one item
 */
public final class Coalescer<I, O> {

  /** The result of one item: a value, or the exception its caller gets. */
  public record Result<O>(O value, RuntimeException failure) {

    public static <O> Result<O> of(O value) {
      return new Result<>(value, null);
    }

    public static <O> Result<O> failed(RuntimeException failure) {
      return new Result<>(null, Objects.requireNonNull(failure));
    }

    /** The value, or throws the failure. */
    public O get() {
      if (failure != null) {
        throw failure;
      }
      return value;
    }
  }

  private static final class Slot<I, O> {
    final I item;
    final Condition turn;
    Result<O> result;

    /** The batch this caller is to run, itself first, once it leads. */
    List<Slot<I, O>> batch;

    Slot(I item, Condition turn) {
      this.item = item;
      this.turn = turn;
    }
  }

  private final Function<List<I>, List<Result<O>>> operation;
  private final int maxBatch;
  private final int maxRunning;
  private final IntConsumer batchSizes;
  private final ReentrantLock lock = new ReentrantLock();
  private final ArrayDeque<Slot<I, O>> waiting = new ArrayDeque<>();
  private int running;

  /**
   * @param maxBatch the most items one run of {@code operation} gets (1: each caller runs its own
   *     item at once, on its own thread)
   * @param maxRunning the most batches that run at the same time
   * @param batchSizes told the size of every batch, before it runs (for a metric)
   */
  public Coalescer(
      Function<List<I>, List<Result<O>>> operation,
      int maxBatch,
      int maxRunning,
      IntConsumer batchSizes) {
    if (maxBatch < 1 || maxRunning < 1) {
      throw new IllegalArgumentException(
          "maxBatch and maxRunning must be at least 1, were " + maxBatch + " and " + maxRunning);
    }
    this.operation = Objects.requireNonNull(operation);
    this.maxBatch = maxBatch;
    this.maxRunning = maxRunning;
    this.batchSizes = Objects.requireNonNull(batchSizes);
  }

  /** Items waiting for a batch to take them (the running batches' are not counted). */
  public int queued() {
    lock.lock();
    try {
      return waiting.size();
    } finally {
      lock.unlock();
    }
  }

  /**
   * Runs {@code item} in the next batch and returns its result, or throws its failure. Blocks until
   * then; a caller interrupted meanwhile still waits (its item may be running already), and its
   * interrupt status is kept.
   */
  public O submit(I item) {
    Slot<I, O> slot = new Slot<>(item, lock.newCondition());
    if (maxBatch == 1) {
      slot.batch = List.of(slot);
      run(slot.batch, false);
      return slot.result.get();
    }
    lock.lock();
    try {
      waiting.add(slot);
      if (running < maxRunning) {
        // Fewer batches run than may: nothing waits but this item, and it leads at once.
        running++;
        slot.batch = take();
      } else {
        while (slot.result == null && slot.batch == null) {
          slot.turn.awaitUninterruptibly();
        }
      }
    } finally {
      lock.unlock();
    }
    if (slot.result == null) {
      run(slot.batch, true);
    }
    return slot.result.get();
  }

  /** The oldest waiting items, at most a batch of them; called holding the lock. */
  private List<Slot<I, O>> take() {
    List<Slot<I, O>> batch = new ArrayList<>(Math.min(maxBatch, waiting.size()));
    while (!waiting.isEmpty() && batch.size() < maxBatch) {
      batch.add(waiting.poll());
    }
    return batch;
  }

  /**
   * Runs a batch and hands out its results; when {@code handOn}, then gives the oldest waiting
   * caller the next batch to run, or counts this batch as no longer running.
   */
  private void run(List<Slot<I, O>> batch, boolean handOn) {
    List<I> items = new ArrayList<>(batch.size());
    for (Slot<I, O> slot : batch) {
      items.add(slot.item);
    }
    List<Result<O>> results = null;
    Throwable thrown = null;
    try {
      batchSizes.accept(batch.size());
      results = operation.apply(Collections.unmodifiableList(items));
      if (results == null || results.size() != batch.size()) {
        thrown =
            new IllegalStateException(
                "a batch of "
                    + batch.size()
                    + " items got "
                    + (results == null ? "no" : String.valueOf(results.size()))
                    + " results");
        results = null;
      }
    } catch (Throwable failure) {
      thrown = failure;
    }
    if (results == null) {
      RuntimeException failure =
          thrown instanceof RuntimeException runtime
              ? runtime
              : new IllegalStateException("the batch failed", thrown);
      results = Collections.nCopies(batch.size(), Result.failed(failure));
    }
    lock.lock();
    try {
      for (int i = 0; i < batch.size(); i++) {
        Slot<I, O> slot = batch.get(i);
        Result<O> result = results.get(i);
        slot.result =
            result != null
                ? result
                : Result.failed(new IllegalStateException("the batch gave this item no result"));
        slot.turn.signal();
      }
      if (handOn) {
        Slot<I, O> next = waiting.peek();
        if (next == null) {
          running--;
        } else {
          next.batch = take();
          next.turn.signal();
        }
      }
    } finally {
      lock.unlock();
    }
    if (thrown instanceof Error error) {
      throw error;
    }
  }
}
