package io.vigil.core.concurrent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vigil.core.concurrent.Coalescer.Result;
import io.vigil.testsupport.Await;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.IntPredicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class CoalescerTest {

  final ExecutorService callers = Executors.newCachedThreadPool();
  final List<List<Integer>> batches = Collections.synchronizedList(new ArrayList<>());
  final List<Integer> sizes = Collections.synchronizedList(new ArrayList<>());

  /** Counted down when the first batch starts; {@link #holdingTheFirst} holds it until release. */
  final CountDownLatch firstStarted = new CountDownLatch(1);

  final CountDownLatch release = new CountDownLatch(1);

  @AfterEach
  void stop() {
    callers.shutdownNow();
  }

  /**
   * Records each batch, holds the first {@code held} ones until {@link #release} (after counting
   * down {@code started} for each), then answers with {@code then}.
   */
  Function<List<Integer>, List<Result<Integer>>> holding(
      int held, CountDownLatch started, Function<List<Integer>, List<Result<Integer>>> then) {
    return items -> {
      batches.add(List.copyOf(items));
      if (batches.size() <= held) {
        started.countDown();
        await(release);
      }
      return then.apply(items);
    };
  }

  /** {@link #holding} the first batch, started when {@link #firstStarted} is counted down. */
  Function<List<Integer>, List<Result<Integer>>> holdingTheFirst(
      Function<List<Integer>, List<Result<Integer>>> then) {
    return holding(1, firstStarted, then);
  }

  /**
   * Answers each item with itself; records each batch; the first batch waits for {@link #release};
   * a batch whose number (counting from 1) {@code failing} accepts runs {@code failure} instead.
   */
  Function<List<Integer>, List<Result<Integer>>> echoingUnless(
      IntPredicate failing, Runnable failure) {
    return holdingTheFirst(
        items -> {
          if (failing.test(batches.size())) {
            failure.run();
          }
          return items.stream().map(Result::of).toList();
        });
  }

  /** A coalescer of batches of up to 8, one at a time, over {@code batch}. */
  Coalescer<Integer, Integer> oneAtATime(Function<List<Integer>, List<Result<Integer>>> batch) {
    return new Coalescer<>(batch, 8, 1, sizes::add);
  }

  /** Doubles each item; records each batch; the first batch waits for {@link #release}. */
  Function<List<Integer>, List<Result<Integer>>> doubling() {
    return holdingTheFirst(items -> items.stream().map(item -> Result.of(item * 2)).toList());
  }

  static void await(CountDownLatch latch) {
    try {
      assertThat(latch.await(10, TimeUnit.SECONDS)).isTrue();
    } catch (InterruptedException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * Submits the items one after the other, each once the one before it waits behind the running
   * batch, so their arrival order is known.
   */
  List<Future<Integer>> queueInOrder(Coalescer<Integer, Integer> coalescer, int... items) {
    List<Future<Integer>> queued = new ArrayList<>();
    for (int item : items) {
      queued.add(callers.submit(() -> coalescer.submit(item)));
      int count = queued.size();
      Await.until(
          count + " items queued", Duration.ofSeconds(10), () -> coalescer.queued() == count);
    }
    return queued;
  }

  /**
   * Submits {@code first}, waits until its batch runs (held until {@link #release}), then queues
   * {@code queued} behind it in order. Returns the callers' futures, the first one first.
   */
  List<Future<Integer>> holdFirstThenQueue(
      Coalescer<Integer, Integer> coalescer, int first, int... queued) {
    List<Future<Integer>> all = new ArrayList<>();
    all.add(callers.submit(() -> coalescer.submit(first)));
    await(firstStarted);
    all.addAll(queueInOrder(coalescer, queued));
    return all;
  }

  /**
   * {@link #holdFirstThenQueue}, then releases the first batch and returns every caller's result in
   * arrival order.
   */
  List<Integer> releasedResults(Coalescer<Integer, Integer> coalescer, int first, int... queued)
      throws Exception {
    List<Future<Integer>> all = holdFirstThenQueue(coalescer, first, queued);
    release.countDown();
    List<Integer> results = new ArrayList<>();
    for (Future<Integer> caller : all) {
      results.add(caller.get(10, TimeUnit.SECONDS));
    }
    return results;
  }

  @Test
  void aLoneCallerRunsAtOnceInABatchOfOne() {
    release.countDown(); // nothing is held
    Coalescer<Integer, Integer> coalescer = oneAtATime(doubling());

    assertThat(coalescer.submit(21)).isEqualTo(42);
    assertThat(coalescer.submit(5)).isEqualTo(10);
    assertThat(batches).containsExactly(List.of(21), List.of(5));
    assertThat(sizes).containsExactly(1, 1);
  }

  @Test
  void callersArrivingWhileABatchRunsShareTheNextOneInArrivalOrder() throws Exception {
    Coalescer<Integer, Integer> coalescer = oneAtATime(doubling());
    assertThat(releasedResults(coalescer, 1, 2, 3, 4, 5, 6)).containsExactly(2, 4, 6, 8, 10, 12);
    assertThat(batches).containsExactly(List.of(1), List.of(2, 3, 4, 5, 6));
    assertThat(sizes).containsExactly(1, 5);
  }

  @Test
  void noBatchIsLargerThanTheLimit() throws Exception {
    Coalescer<Integer, Integer> coalescer = new Coalescer<>(doubling(), 2, 1, sizes::add);
    assertThat(releasedResults(coalescer, 0, 1, 2, 3, 4, 5)).containsExactly(0, 2, 4, 6, 8, 10);
    assertThat(batches).containsExactly(List.of(0), List.of(1, 2), List.of(3, 4), List.of(5));
  }

  @Test
  void aFailedItemFailsOnlyItsOwnCaller() throws Exception {
    Coalescer<Integer, Integer> coalescer =
        oneAtATime(
            holdingTheFirst(
                items ->
                    items.stream()
                        .map(
                            item ->
                                item % 2 == 0
                                    ? Result.of(item)
                                    : Result.<Integer>failed(
                                        new IllegalArgumentException("odd " + item)))
                        .toList()));
    List<Future<Integer>> all = holdFirstThenQueue(coalescer, 0, 3, 4);
    Future<Integer> first = all.get(0);
    Future<Integer> odd = all.get(1);
    Future<Integer> even = all.get(2);
    release.countDown();

    assertThat(first.get(10, TimeUnit.SECONDS)).isZero();
    assertThat(even.get(10, TimeUnit.SECONDS)).isEqualTo(4);
    assertThatThrownBy(() -> odd.get(10, TimeUnit.SECONDS))
        .hasCauseInstanceOf(IllegalArgumentException.class)
        .hasRootCauseMessage("odd 3");
    assertThat(batches).containsExactly(List.of(0), List.of(3, 4));
  }

  @Test
  void aThrowingBatchFailsItsCallersAndTheNextBatchStillRuns() throws Exception {
    Coalescer<Integer, Integer> coalescer =
        oneAtATime(
            echoingUnless(
                batch -> batch == 1,
                () -> {
                  throw new IllegalStateException("node down");
                }));
    List<Future<Integer>> all = holdFirstThenQueue(coalescer, 1, 2);
    Future<Integer> first = all.get(0);
    Future<Integer> second = all.get(1);
    release.countDown();

    assertThatThrownBy(() -> first.get(10, TimeUnit.SECONDS)).hasRootCauseMessage("node down");
    assertThat(second.get(10, TimeUnit.SECONDS)).isEqualTo(2);
    assertThat(coalescer.submit(3)).isEqualTo(3);
  }

  @Test
  void tooFewResultsFailTheWholeBatch() {
    Coalescer<Integer, Integer> coalescer = oneAtATime(items -> List.of());

    assertThatThrownBy(() -> coalescer.submit(1))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("a batch of 1 items got 0 results");
  }

  @Test
  void anErrorReachesTheLeaderAndFailsTheOthers() throws Exception {
    Coalescer<Integer, Integer> coalescer =
        oneAtATime(
            echoingUnless(
                batch -> batch > 1,
                () -> {
                  throw new AssertionError("broken");
                }));
    List<Future<Integer>> all = holdFirstThenQueue(coalescer, 1, 2, 3);
    Future<Integer> first = all.get(0);
    Future<Integer> leader = all.get(1);
    Future<Integer> follower = all.get(2);
    release.countDown();

    assertThat(first.get(10, TimeUnit.SECONDS)).isEqualTo(1);
    assertThatThrownBy(() -> leader.get(10, TimeUnit.SECONDS))
        .hasCauseInstanceOf(AssertionError.class);
    assertThatThrownBy(() -> follower.get(10, TimeUnit.SECONDS))
        .hasCauseInstanceOf(IllegalStateException.class)
        .hasRootCauseMessage("broken");
  }

  @Test
  void manyConcurrentCallersEachGetTheirOwnResult() throws Exception {
    Coalescer<Integer, Integer> coalescer =
        new Coalescer<>(
            items -> {
              batches.add(List.copyOf(items));
              return items.stream().map(item -> Result.of(-item)).toList();
            },
            16,
            1,
            sizes::add);
    List<Future<List<Integer>>> threads = new ArrayList<>();
    for (int t = 0; t < 8; t++) {
      int base = t * 1000;
      threads.add(
          callers.submit(
              () -> {
                List<Integer> got = new ArrayList<>();
                for (int i = 0; i < 500; i++) {
                  got.add(coalescer.submit(base + i));
                }
                return got;
              }));
    }
    for (int t = 0; t < 8; t++) {
      List<Integer> got = threads.get(t).get(30, TimeUnit.SECONDS);
      for (int i = 0; i < 500; i++) {
        assertThat(got.get(i)).isEqualTo(-(t * 1000 + i));
      }
    }
    assertThat(sizes.stream().mapToInt(Integer::intValue).sum()).isEqualTo(4000);
    assertThat(sizes).allMatch(size -> size >= 1 && size <= 16);
  }

  @Test
  void upToMaxRunningBatchesRunAtOnceAndTheRestWait() throws Exception {
    CountDownLatch bothStarted = new CountDownLatch(2);
    Coalescer<Integer, Integer> coalescer =
        new Coalescer<>(
            holding(2, bothStarted, items -> items.stream().map(Result::of).toList()),
            8,
            2,
            sizes::add);
    Future<Integer> first = callers.submit(() -> coalescer.submit(1));
    Future<Integer> second = callers.submit(() -> coalescer.submit(2));
    await(bothStarted);
    List<Future<Integer>> queued = queueInOrder(coalescer, 3, 4);
    Future<Integer> third = queued.get(0);
    Future<Integer> fourth = queued.get(1);
    release.countDown();

    assertThat(List.of(first.get(10, TimeUnit.SECONDS), second.get(10, TimeUnit.SECONDS)))
        .containsExactly(1, 2);
    assertThat(List.of(third.get(10, TimeUnit.SECONDS), fourth.get(10, TimeUnit.SECONDS)))
        .containsExactly(3, 4);
    assertThat(batches).hasSize(3).endsWith(List.of(3, 4));
  }

  @Test
  void withBatchesOfOneEveryCallerRunsAtOnceOnItsOwnThread() throws Exception {
    CountDownLatch allStarted = new CountDownLatch(3);
    Coalescer<Integer, String> coalescer =
        new Coalescer<>(
            items -> {
              allStarted.countDown();
              await(allStarted); // only returns if all three run at the same time
              return List.of(Result.of(items.get(0) + " on " + Thread.currentThread().getName()));
            },
            1,
            1,
            sizes::add);
    List<Future<String>> results = new ArrayList<>();
    for (int item = 1; item <= 3; item++) {
      int value = item;
      results.add(callers.submit(() -> coalescer.submit(value)));
    }

    for (Future<String> result : results) {
      assertThat(result.get(10, TimeUnit.SECONDS)).matches("\\d on pool-.*");
    }
    assertThat(sizes).containsExactly(1, 1, 1);
  }
}
