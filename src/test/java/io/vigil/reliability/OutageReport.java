package io.vigil.reliability;

import io.vigil.reliability.OutageLog.Answer;
import io.vigil.reliability.PostgresOutageIT.Probe;
import java.util.Collection;
import java.util.List;

/** The figures of one outage run, split by when each request was sent and answered. */
record OutageReport(
    List<Answer> all,
    List<Answer> duringOutage,
    long acknowledgedBefore,
    long acknowledgedAfter,
    List<Probe> readinessDuringOutage,
    List<Probe> readinessAfter) {

  /**
   * Splits the log: "during" is a request sent after PostgreSQL had stopped and answered before its
   * restart began; readiness after is asked once the process said ready again.
   */
  static OutageReport of(OutageLog log, Collection<Probe> probes, long readyAgain) {
    List<Answer> all = log.answers();
    List<Answer> during =
        all.stream()
            .filter(a -> a.sentAt() > log.stoppedAt() && a.answeredAt() < log.restartingAt())
            .toList();
    long before =
        all.stream().filter(a -> a.acknowledged() && a.answeredAt() < log.stoppingAt()).count();
    long after =
        all.stream().filter(a -> a.acknowledged() && a.sentAt() > log.restartedAt()).count();
    List<Probe> down =
        probes.stream()
            .filter(p -> p.sentAt() > log.stoppedAt() && p.answeredAt() < log.restartingAt())
            .toList();
    List<Probe> up = probes.stream().filter(p -> p.sentAt() > readyAgain).toList();
    return new OutageReport(all, during, before, after, down, up);
  }

  long count(int status) {
    return all.stream().filter(a -> a.status() == status).count();
  }

  long otherServerErrors() {
    return all.stream().filter(a -> a.status() >= 500 && a.status() != 503).count();
  }

  long failedOrTimedOut() {
    return all.stream().filter(a -> a.status() < 0).count();
  }

  long slowestMillis() {
    return all.stream().mapToLong(a -> (a.answeredAt() - a.sentAt()) / 1_000_000).max().orElse(0);
  }

  void print() {
    System.out.printf(
        "postgres-outage: outage %d s; requests %d, during the outage %d (503: %d); 503 in all %d;"
            + " 5xx other than 503: %d; no answer: %d; slowest answer %d ms; acknowledged before %d,"
            + " after %d; readiness probes during the outage %d (DOWN: %d), after %d (UP: %d)%n",
        PostgresOutageIT.OUTAGE.toSeconds(),
        all.size(),
        duringOutage.size(),
        duringOutage.stream().filter(a -> a.status() == 503).count(),
        count(503),
        otherServerErrors(),
        failedOrTimedOut(),
        slowestMillis(),
        acknowledgedBefore,
        acknowledgedAfter,
        readinessDuringOutage.size(),
        readinessDuringOutage.stream().filter(p -> !p.up()).count(),
        readinessAfter.size(),
        readinessAfter.stream().filter(Probe::up).count());
  }
}
