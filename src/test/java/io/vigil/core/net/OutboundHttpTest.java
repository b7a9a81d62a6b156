package io.vigil.core.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vigil.core.api.ProblemException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The bounded client against a real HTTP server on loopback (allow-listed here). */
class OutboundHttpTest {

  private static final long LIMIT = 64 * 1024;
  private static final Duration DEADLINE = Duration.ofSeconds(2);
  private static final String CALLER = "test";

  private final SimpleMeterRegistry metrics = new SimpleMeterRegistry();
  private final ExecutorService handlers = Executors.newCachedThreadPool();
  private final AtomicInteger requests = new AtomicInteger();
  private final AtomicLong streamed = new AtomicLong();
  private final CountDownLatch cutOff = new CountDownLatch(1);
  private final AtomicReference<String> received = new AtomicReference<>();
  private HttpServer server;
  private String base;

  @BeforeEach
  void startServer() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.setExecutor(handlers);
    server.createContext("/small", exchange -> answer(exchange, 200, "hello"));
    server.createContext("/endless", this::endless);
    server.createContext("/announced", this::announcedTooLarge);
    server.createContext("/trickle", this::trickle);
    server.createContext("/silent", this::silent);
    server.createContext(
        "/redirect",
        exchange -> {
          exchange.getResponseHeaders().add("Location", base + "/small");
          answer(exchange, 302, "");
        });
    server.createContext(
        "/echo",
        exchange -> {
          received.set(
              exchange.getRequestHeaders().getFirst("Content-Type")
                  + " "
                  + new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
          answer(exchange, 202, "");
        });
    server.start();
    base = "http://127.0.0.1:" + server.getAddress().getPort();
  }

  @AfterEach
  void stopServer() {
    server.stop(0);
    handlers.shutdownNow();
  }

  private OutboundHttp client(String... allow) {
    return new OutboundHttp(
        OutboundPolicy.of(List.of(allow)),
        OutboundPolicy.Resolver.system(),
        LIMIT,
        Duration.ofSeconds(10),
        metrics);
  }

  private OutboundHttp loopbackAllowed() {
    return client("127.0.0.1/32");
  }

  @Test
  void shouldReturnTheAnswerWhenItsBodyIsWithinTheLimit() {
    Outcome outcome = loopbackAllowed().get(CALLER, base + "/small", DEADLINE);

    assertThat(outcome).isInstanceOf(Outcome.Answered.class);
    Outcome.Answered answered = (Outcome.Answered) outcome;
    assertThat(answered.status()).isEqualTo(200);
    assertThat(new String(answered.body(), StandardCharsets.UTF_8)).isEqualTo("hello");
  }

  @Test
  void shouldCutOffAnEndlessBodyAndCloseTheConnectionWhenItPassesTheLimit()
      throws InterruptedException {
    long started = System.nanoTime();

    Outcome outcome = loopbackAllowed().get(CALLER, base + "/endless", DEADLINE);

    assertThat(outcome).isEqualTo(new Outcome.TooLarge(LIMIT));
    assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(DEADLINE);
    assertThat(cutOff.await(10, TimeUnit.SECONDS)).as("the server's writes fail").isTrue();
    // what the server got out before the connection closed: the limit plus socket buffers
    assertThat(streamed.get()).isLessThan(64L * 1024 * 1024);
    assertThat(metrics.counter("vigil_outbound_too_large_total", "caller", CALLER).count())
        .isEqualTo(1);
  }

  @Test
  void shouldGiveUpAtOnceWhenTheAnnouncedLengthIsOverTheLimit() {
    long started = System.nanoTime();

    Outcome outcome = loopbackAllowed().get(CALLER, base + "/announced", Duration.ofSeconds(5));

    assertThat(outcome).isEqualTo(new Outcome.TooLarge(LIMIT));
    assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(2));
  }

  @Test
  void shouldGiveUpAtTheDeadlineWhenTheBodyTrickles() {
    long started = System.nanoTime();

    Outcome outcome = loopbackAllowed().get(CALLER, base + "/trickle", Duration.ofMillis(500));

    assertThat(outcome).isEqualTo(new Outcome.Failed("timeout"));
    assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(3));
    assertThat(
            metrics
                .counter("vigil_outbound_failures_total", "caller", CALLER, "reason", "timeout")
                .count())
        .isEqualTo(1);
  }

  @Test
  void shouldGiveUpAtTheDeadlineWhenNoAnswerComes() {
    Outcome outcome = loopbackAllowed().get(CALLER, base + "/silent", Duration.ofMillis(300));

    assertThat(outcome).isEqualTo(new Outcome.Failed("timeout"));
  }

  @Test
  void shouldCapTheCallersDeadlineWithTheConfiguredTimeout() {
    OutboundHttp strictTime =
        new OutboundHttp(
            OutboundPolicy.of(List.of("127.0.0.1")),
            OutboundPolicy.Resolver.system(),
            LIMIT,
            Duration.ofMillis(300),
            metrics);
    long started = System.nanoTime();

    Outcome outcome = strictTime.get(CALLER, base + "/silent", Duration.ofMinutes(1));

    assertThat(outcome).isEqualTo(new Outcome.Failed("timeout"));
    assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(3));
  }

  @Test
  void shouldNotFollowARedirectWhenTheDestinationAnswersWithOne() {
    Outcome outcome = loopbackAllowed().get(CALLER, base + "/redirect", DEADLINE);

    assertThat(outcome).isInstanceOf(Outcome.Answered.class);
    assertThat(((Outcome.Answered) outcome).status()).isEqualTo(302);
    assertThat(requests.get()).as("only the redirecting request reached the server").isEqualTo(1);
  }

  @Test
  void shouldRefuseWithoutConnectingWhenTheDestinationIsNotAllowed() {
    Outcome outcome = client().get(CALLER, base + "/small", DEADLINE);

    assertThat(outcome).isInstanceOf(Outcome.Refused.class);
    assertThat(((Outcome.Refused) outcome).refusal().reason()).isEqualTo("loopback");
    assertThat(requests.get()).isZero();
    assertThat(
            metrics
                .counter("vigil_outbound_refused_total", "caller", CALLER, "reason", "loopback")
                .count())
        .isEqualTo(1);
  }

  @Test
  void shouldRefuseARequestFieldNamingADestinationThatIsNotAllowed() {
    assertThatThrownBy(() -> client().requireAllowed("baseUrl", base + "/small"))
        .isInstanceOfSatisfying(
            ProblemException.class,
            refused -> {
              assertThat(refused.problem().status()).isEqualTo(400);
              assertThat(refused.problem().field()).isEqualTo("baseUrl");
              assertThat(refused.problem().detail()).startsWith("baseUrl: ");
            });
    assertThat(requests.get()).isZero();
  }

  @Test
  void shouldLetARequestFieldNameAnAllowedDestination() {
    loopbackAllowed().requireAllowed("baseUrl", base + "/small");

    assertThat(requests.get()).as("checking a destination does not call it").isZero();
  }

  @Test
  void shouldSendTheBodyAndItsTypeWhenPosting() {
    Outcome outcome =
        loopbackAllowed()
            .post(
                CALLER,
                base + "/echo",
                "application/json",
                "{\"a\":1}".getBytes(StandardCharsets.UTF_8),
                DEADLINE);

    assertThat(((Outcome.Answered) outcome).status()).isEqualTo(202);
    assertThat(received.get()).isEqualTo("application/json {\"a\":1}");
  }

  @Test
  void shouldReportUnreachableWhenNothingListens() {
    server.stop(0);

    Outcome outcome = loopbackAllowed().get(CALLER, base + "/small", DEADLINE);

    assertThat(outcome).isEqualTo(new Outcome.Failed("unreachable"));
  }

  @Test
  void shouldAcceptAnUnresolvableNameButNotALoopbackAddressWhenAUrlIsConfigured() {
    OutboundHttp strict =
        new OutboundHttp(
            OutboundPolicy.of(List.of()),
            host -> {
              throw new java.net.UnknownHostException(host);
            },
            LIMIT,
            DEADLINE,
            metrics);

    assertThat(strict.refusal("https://not-yet-in-dns.example")).isEmpty();
    assertThat(strict.refusal("http://127.0.0.1:8080")).isPresent();
    assertThat(strict.refusal("ftp://peer.example")).isPresent();
  }

  @Test
  void shouldMakeTextSafeForOneLogLineWhenItComesFromElsewhere() {
    assertThat(OutboundHttp.forLog("line\nforged entry\u001b[31m"))
        .isEqualTo("line?forged entry?[31m");
    assertThat(OutboundHttp.forLog("x".repeat(500))).hasSize(201).endsWith("…");
    assertThat(OutboundHttp.forLog(null)).isEqualTo("null");
  }

  private void answer(HttpExchange exchange, int status, String body) throws IOException {
    requests.incrementAndGet();
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }

  private void endless(HttpExchange exchange) throws IOException {
    requests.incrementAndGet();
    exchange.sendResponseHeaders(200, 0);
    byte[] chunk = new byte[16 * 1024];
    OutputStream out = exchange.getResponseBody();
    try {
      for (long sent = 0; sent < 1L << 30; sent += chunk.length) {
        out.write(chunk);
        streamed.set(sent + chunk.length);
      }
    } catch (IOException closedByClient) {
      cutOff.countDown();
    } finally {
      exchange.close();
    }
  }

  private void announcedTooLarge(HttpExchange exchange) throws IOException {
    requests.incrementAndGet();
    exchange.sendResponseHeaders(200, 10 * LIMIT);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(new byte[16]);
      out.flush();
      Thread.sleep(5_000);
    } catch (InterruptedException | IOException stopped) {
      // the client gave up, or the test is over
    }
  }

  private void trickle(HttpExchange exchange) throws IOException {
    requests.incrementAndGet();
    exchange.sendResponseHeaders(200, 0);
    try (OutputStream out = exchange.getResponseBody()) {
      for (int i = 0; i < 100; i++) {
        out.write('x');
        out.flush();
        Thread.sleep(100);
      }
    } catch (InterruptedException | IOException stopped) {
      // the client gave up, or the test is over
    }
  }

  private void silent(HttpExchange exchange) {
    requests.incrementAndGet();
    try {
      Thread.sleep(5_000);
    } catch (InterruptedException stopped) {
      Thread.currentThread().interrupt();
    }
    exchange.close();
  }
}
