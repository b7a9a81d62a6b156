package io.vigil.watcher;

import io.vigil.core.concurrent.PeriodicJob;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Test-only endpoint, Kafka consumer and periodic job owned by the watcher role, used to prove that
 * a role that is off exposes, consumes and runs none of them.
 */
@ApplicationScoped
@jakarta.annotation.security.PermitAll
@Path("/v1/test/watcher-probe")
public class WatcherProbe implements PeriodicJob.Owner {

  private final AtomicInteger consumed = new AtomicInteger();
  private final AtomicInteger ticks = new AtomicInteger();

  @GET
  public String hello() {
    return "watcher";
  }

  @Incoming("watcher-probe")
  void consume(String message) {
    consumed.incrementAndGet();
  }

  @Override
  public List<PeriodicJob> periodicJobs() {
    return List.of(
        PeriodicJob.every("watcher.probe", Duration.ofMillis(100), ticks::incrementAndGet));
  }

  public int consumed() {
    return consumed.get();
  }

  public int ticks() {
    return ticks.get();
  }
}
