package io.vigil.fuzz;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Sends generated requests to the world under fuzzing and judges each answer: 2xx or 4xx, never
 * 5xx; a 4xx carries a well-formed problem body; a refused request changes no table; the process
 * stays ready. Tables are compared per batch of requests that must change nothing (refusals and
 * reads); when a batch changed a table, its requests are sent again one by one, each between two
 * checksums, to name the one that did.
 */
final class FuzzSession {

  /**
   * Tables that change without any request, with the reason; they are left out of the comparison.
   */
  static final Map<String, String> BACKGROUND =
      Map.of(
          "relay_account",
          "the relay renews its sending lease on each hot key every few seconds",
          "router_bundle",
          "the router cuts a heartbeat bundle every heartbeat interval, even when idle, and"
              + " trims old ones",
          "rate_bucket",
          "the rate limiter's token buckets: a request that passes its signature check takes a"
              + " token before the later checks refuse it (otherwise refused floods would be"
              + " free), and idle buckets are pruned in the background",
          "flyway_schema_history",
          "written once at start-up");

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration TIMEOUT = Duration.ofSeconds(30);

  private final FuzzWorld world;
  private final FuzzFigures figures;
  private final int batchSize;
  private final HttpClient http =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(5))
          .followRedirects(HttpClient.Redirect.NEVER)
          .build();
  private final List<FuzzRequest> pending = new ArrayList<>();
  private Map<String, String> baseline;

  private final java.util.function.LongSupplier tokenFetches;
  private long lastTokenFetches;

  FuzzSession(
      FuzzWorld world,
      FuzzFigures figures,
      int batchSize,
      java.util.function.LongSupplier tokenFetches) {
    this.world = world;
    this.figures = figures;
    this.batchSize = batchSize;
    this.tokenFetches = tokenFetches;
    this.lastTokenFetches = tokenFetches.getAsLong();
    this.baseline = settledChecksums();
  }

  /** Sends {@code request} and throws an AssertionError naming what is wrong with the answer. */
  void check(FuzzRequest request) {
    if (tokenFetches.getAsLong() != lastTokenFetches) {
      // The credentials fetched new tokens while this request was generated: logins were stored.
      lastTokenFetches = tokenFetches.getAsLong();
      closeBatch("auth_login");
      baseline = settledChecksums();
    }
    boolean example = request.recipe().startsWith("body=example") && request.mayWrite();
    if (example) {
      // A valid example may be accepted and change tables: compare what came before it first.
      closeBatch();
    }
    Answer answer = send(request);
    figures.answered(request, answer.status());
    judge(request, answer);
    boolean acceptedWrite = answer.status() < 300 && request.mayWrite();
    if (acceptedWrite) {
      // Its changes are legitimate; those of the refusals before it are told apart by replay.
      closeBatch(null, true);
      baseline = settledChecksums();
    } else {
      pending.add(request);
      if (pending.size() >= batchSize) {
        closeBatch();
      }
    }
  }

  /** Compares the tables with the baseline over the pending batch, and checks readiness. */
  void closeBatch() {
    closeBatch(null, false);
  }

  private void closeBatch(String excused) {
    closeBatch(excused, false);
  }

  private void closeBatch(String excused, boolean afterAcceptedWrite) {
    if (!pending.isEmpty()) {
      Map<String, String> now = checksums();
      List<String> changed = new ArrayList<>(changed(baseline, now));
      changed.remove(excused);
      if (!changed.isEmpty()) {
        List<FuzzRequest> batch = List.copyOf(pending);
        pending.clear();
        attribute(batch, changed, afterAcceptedWrite);
        baseline = settledChecksums();
      } else {
        baseline = now;
      }
      pending.clear();
    }
    figures.batchChecked();
    if (!world.ready()) {
      String finding = "not ready after a batch: " + world.vigil.getManagement("/q/health/ready");
      figures.serverError(finding);
      throw new AssertionError(finding);
    }
  }

  private void attribute(
      List<FuzzRequest> batch, List<String> changedInBatch, boolean afterAcceptedWrite) {
    Map<String, String> before = settledChecksums();
    for (FuzzRequest request : batch) {
      figures.replayed();
      Answer answer = send(request);
      Map<String, String> after = checksums();
      List<String> changed = changed(before, after);
      if (!changed.isEmpty() && (answer.status() >= 400 || !request.mayWrite())) {
        String finding = "answered " + answer.status() + " yet changed " + changed + ": " + request;
        figures.changedOnRefusal(finding);
        throw new AssertionError(finding);
      }
      before = changed.isEmpty() ? after : settledChecksums();
    }
    if (afterAcceptedWrite) {
      return; // the accepted request changed the tables, and none of the refusals did
    }
    String finding =
        "tables "
            + changedInBatch
            + " changed over a batch of "
            + batch.size()
            + " refused requests, but none changed them when sent again alone";
    figures.changedOnRefusal(finding);
    throw new AssertionError(finding + ": " + batch);
  }

  private void judge(FuzzRequest request, Answer answer) {
    int status = answer.status();
    if (status >= 500 || status < 200 || (status >= 300 && status < 400)) {
      String finding = "answered " + status + " " + clip(answer.body()) + " to " + request;
      figures.serverError(finding);
      throw new AssertionError(finding);
    }
    if (status >= 400) {
      String problem = problemDefect(status, answer);
      if (problem != null) {
        String finding = "answered " + status + " with " + problem + " to " + request;
        figures.malformedProblem(finding);
        throw new AssertionError(finding);
      }
    }
  }

  /** What is wrong with the problem body of a 4xx answer, or null when it is well-formed. */
  static String problemDefect(int status, Answer answer) {
    if (!answer.contentType().startsWith("application/problem+json")) {
      return "content type '" + answer.contentType() + "' and body " + clip(answer.body());
    }
    JsonNode problem;
    try {
      problem = JSON.readTree(answer.body());
    } catch (IOException e) {
      return "a body that is not JSON: " + clip(answer.body());
    }
    if (problem == null || !problem.isObject()) {
      return "a body that is not a JSON object: " + clip(answer.body());
    }
    if (!problem.path("type").isTextual() || problem.path("type").asText().isBlank()) {
      return "no type: " + clip(answer.body());
    }
    if (!problem.path("title").isTextual() || problem.path("title").asText().isBlank()) {
      return "no title: " + clip(answer.body());
    }
    if (!problem.path("status").isInt() || problem.path("status").asInt() != status) {
      return "a status that is not " + status + ": " + clip(answer.body());
    }
    if (problem.has("field")
        && !problem.get("field").isNull()
        && (!problem.get("field").isTextual() || problem.get("field").asText().isBlank())) {
      return "a field that is not a name: " + clip(answer.body());
    }
    if (problem.path("type").asText().equals("urn:vigil:problem:invalid-field")
        && !problem.path("field").isTextual()) {
      return "an invalid-field problem naming no field: " + clip(answer.body());
    }
    return null;
  }

  record Answer(int status, String contentType, String body) {}

  Answer send(FuzzRequest request) {
    long start = System.nanoTime();
    try {
      return sendUntimed(request);
    } finally {
      figures.timed("sending requests", System.nanoTime() - start);
    }
  }

  private Answer sendUntimed(FuzzRequest request) {
    HttpRequest.Builder builder =
        HttpRequest.newBuilder(URI.create(world.vigil.baseUrl() + request.path()))
            .timeout(TIMEOUT)
            .method(
                request.method(),
                request.body() == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofByteArray(request.body()));
    request.headers().forEach(h -> builder.header(h.name(), h.value()));
    try {
      HttpResponse<String> response =
          http.send(builder.build(), HttpResponse.BodyHandlers.ofString());
      return new Answer(
          response.statusCode(),
          response.headers().firstValue("Content-Type").orElse(""),
          response.body());
    } catch (IOException e) {
      String finding = "no answer (" + e + ") to " + request;
      figures.serverError(finding);
      throw new AssertionError(finding, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /**
   * The checksums of every table except the background ones; auth_login as its set of logins not
   * yet expired plus the logins added, so that pruning expired logins is not a change.
   */
  Map<String, String> checksums() {
    long start = System.nanoTime();
    try {
      return checksumsUntimed();
    } finally {
      figures.timed("table checksums", System.nanoTime() - start);
    }
  }

  private Map<String, String> checksumsUntimed() {
    Map<String, String> sums = new TreeMap<>(world.checksums());
    sums.keySet().removeAll(BACKGROUND.keySet());
    Map<String, java.time.Instant> logins = world.logins();
    if (lastLogins != null) {
      java.time.Instant now = java.time.Instant.now();
      boolean added = !lastLogins.keySet().containsAll(logins.keySet());
      boolean removedUnexpired =
          lastLogins.entrySet().stream()
              .anyMatch(e -> !logins.containsKey(e.getKey()) && e.getValue().isAfter(now));
      loginChanges += added || removedUnexpired ? 1 : 0;
    }
    lastLogins = logins;
    sums.put(PRUNED_LOGINS, "changes " + loginChanges);
    return sums;
  }

  /** Stands for auth_login in the checksums (see {@link #checksums}). */
  static final String PRUNED_LOGINS = "auth_login";

  private Map<String, java.time.Instant> lastLogins;
  private long loginChanges;

  /**
   * Checksums once the tables stop moving: what an accepted request set off (a transaction sent and
   * tracked, a block followed) settles before the next batch starts.
   */
  Map<String, String> settledChecksums() {
    Map<String, String> last = checksums();
    for (int i = 0; i < 6; i++) {
      sleep(Duration.ofMillis(50));
      Map<String, String> now = checksums();
      if (now.equals(last)) {
        return now;
      }
      last = now;
    }
    return last;
  }

  private static List<String> changed(Map<String, String> before, Map<String, String> after) {
    TreeSet<String> names = new TreeSet<>(before.keySet());
    names.addAll(after.keySet());
    return names.stream()
        .filter(name -> !java.util.Objects.equals(before.get(name), after.get(name)))
        .toList();
  }

  private static String clip(String text) {
    return text == null || text.length() <= 300 ? text : text.substring(0, 300) + "...";
  }

  private static void sleep(Duration duration) {
    try {
      Thread.sleep(duration);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
