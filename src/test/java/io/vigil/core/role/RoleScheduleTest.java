package io.vigil.core.role;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.ScheduledExecution;
import io.quarkus.scheduler.Trigger;
import io.vigil.core.config.VigilConfig;
import java.lang.reflect.Proxy;
import java.util.List;
import org.junit.jupiter.api.Test;

class RoleScheduleTest {

  /** An interface of which only {@code name} is called, answering {@code value}. */
  static <T> T only(Class<T> type, String name, Object value) {
    return type.cast(
        Proxy.newProxyInstance(
            type.getClassLoader(),
            new Class<?>[] {type},
            (proxy, method, args) -> {
              if (method.getName().equals(name)) {
                return value;
              }
              throw new UnsupportedOperationException(method.getName());
            }));
  }

  static ScheduledExecution job(String identity) {
    return only(ScheduledExecution.class, "getTrigger", only(Trigger.class, "getId", identity));
  }

  final RoleSchedule schedule =
      new RoleSchedule(new ActiveRoles(only(VigilConfig.class, "roles", List.of("watcher"))));

  @Test
  void shouldSkipEveryJobUntilTheApplicationHasStarted() {
    assertThat(schedule.test(job("watcher.outbox"))).isTrue();

    schedule.started(new StartupEvent());

    assertThat(schedule.test(job("watcher.outbox"))).isFalse();
    assertThat(schedule.test(job("housekeeping"))).as("a job of no role").isFalse();
  }

  @Test
  void shouldSkipTheJobsOfInactiveRolesOnceStarted() {
    schedule.started(new StartupEvent());

    assertThat(schedule.test(job("router.exchange"))).isTrue();
  }

  @Test
  void shouldSkipEveryJobOnceShutdownBegins() {
    schedule.started(new StartupEvent());
    schedule.stopping(new ShutdownEvent());

    assertThat(schedule.test(job("watcher.outbox"))).isTrue();
  }
}
