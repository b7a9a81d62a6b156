package io.vigil.core.concurrent;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vigil.core.config.VigilConfig;
import io.vigil.core.role.ActiveRoles;
import io.vigil.core.role.Role;
import io.vigil.testsupport.Await;
import io.vigil.testsupport.MutableClock;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Which periodic jobs run (core's and the active roles'), when, and on what loop. */
class JobsTest {

  private static final Duration OFTEN = Duration.ofMillis(10);

  /** A configuration of which only {@code roles} is read. */
  static VigilConfig roles(String... roles) {
    return (VigilConfig)
        Proxy.newProxyInstance(
            VigilConfig.class.getClassLoader(),
            new Class<?>[] {VigilConfig.class},
            (proxy, method, args) -> {
              if (method.getName().equals("roles")) {
                return List.of(roles);
              }
              throw new UnsupportedOperationException(method.getName());
            });
  }

  private final SimpleMeterRegistry metrics = new SimpleMeterRegistry();
  private final AtomicInteger watcherRounds = new AtomicInteger();
  private final AtomicInteger routerRounds = new AtomicInteger();
  private final AtomicInteger coreRounds = new AtomicInteger();
  private final PeriodicJob.Owner owner =
      () ->
          List.of(
              PeriodicJob.every("watcher.outbox", OFTEN, watcherRounds::incrementAndGet),
              PeriodicJob.every("router.exchange", OFTEN, routerRounds::incrementAndGet),
              PeriodicJob.every("housekeeping", OFTEN, coreRounds::incrementAndGet));
  private final Jobs jobs =
      new Jobs(
          () -> List.of(owner),
          new ActiveRoles(roles("watcher")),
          new WorkerLoops(MutableClock.atEpoch(), metrics),
          new RoundContext());

  @AfterEach
  void stop() {
    jobs.stop();
  }

  @Test
  void shouldRunNoJobUntilTheApplicationHasStarted() {
    assertThat(jobs.loops()).isEmpty();
    assertThat(watcherRounds.get() + routerRounds.get() + coreRounds.get()).isZero();

    jobs.start();

    Await.until("the watcher's job to run", Duration.ofSeconds(10), () -> watcherRounds.get() > 2);
    Await.until("core's job to run", Duration.ofSeconds(10), () -> coreRounds.get() > 2);
    assertThat(jobs.loops())
        .extracting(WorkerLoop::name)
        .containsExactly("watcher.outbox", "housekeeping");
  }

  @Test
  void shouldRunNoJobOfAnInactiveRole() {
    jobs.start();

    Await.until("the watcher's job to run", Duration.ofSeconds(10), () -> watcherRounds.get() > 2);
    assertThat(routerRounds.get()).isZero();
    assertThat(jobs.loops()).extracting(WorkerLoop::name).doesNotContain("router.exchange");
  }

  @Test
  void shouldRunNoJobOnceShutdownBegins() {
    jobs.start();
    Await.until("the watcher's job to run", Duration.ofSeconds(10), () -> watcherRounds.get() > 0);

    jobs.stop();

    assertThat(jobs.loops()).noneMatch(WorkerLoop::running);
    int after = watcherRounds.get();
    jobs.start();
    assertThat(jobs.loops()).noneMatch(WorkerLoop::running);
    assertThat(watcherRounds.get()).isEqualTo(after);
  }

  @Test
  void shouldPublishEachJobsRoundsUnderItsLoopName() {
    jobs.start();
    Await.until("the watcher's job to run", Duration.ofSeconds(10), () -> watcherRounds.get() > 0);

    assertThat(metrics.find("vigil_worker_rounds_total").tag("loop", "watcher.outbox").meters())
        .hasSize(1);
    assertThat(metrics.find("vigil_worker_rounds_total").tag("loop", "router.exchange").meters())
        .isEmpty();
  }

  @Test
  void shouldWaitOutTheDelayBeforeTheFirstRoundThenRunEveryInterval() {
    AtomicInteger runs = new AtomicInteger();
    WorkerLoop.Round round =
        Jobs.round(
            new PeriodicJob(
                "router.landmark-flush",
                Duration.ofMinutes(1),
                Duration.ofMinutes(5),
                runs::incrementAndGet),
            new RoundContext());

    assertThat(round.run()).isEqualTo(Duration.ofMinutes(5));
    assertThat(runs.get()).isZero();
    assertThat(round.run()).isEqualTo(Duration.ofMinutes(1));
    assertThat(round.run()).isEqualTo(Duration.ofMinutes(1));
    assertThat(runs.get()).isEqualTo(2);
  }

  @Test
  void shouldRunTheFirstRoundAtOnceWithoutADelay() {
    AtomicInteger runs = new AtomicInteger();
    WorkerLoop.Round round =
        Jobs.round(
            PeriodicJob.every("watcher.outbox", Duration.ofSeconds(2), runs::incrementAndGet),
            new RoundContext());

    assertThat(round.run()).isEqualTo(Duration.ofSeconds(2));
    assertThat(runs.get()).isEqualTo(1);
  }

  @Test
  void shouldNameTheOwningRoleByTheJobsFirstWord() {
    assertThat(PeriodicJob.every("watcher.outbox", OFTEN, () -> {}).role()).contains(Role.WATCHER);
    assertThat(PeriodicJob.every("router.peer-poll", OFTEN, () -> {}).role()).contains(Role.ROUTER);
    assertThat(PeriodicJob.every("limits-prune", OFTEN, () -> {}).role()).isEmpty();
    assertThat(PeriodicJob.every("auth.logins", OFTEN, () -> {}).role()).isEmpty();
  }
}
