package io.vigil.core.net;

import io.micrometer.core.instrument.MeterRegistry;
import io.vigil.core.api.ProblemException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.UnaryOperator;
import org.jboss.logging.Logger;

/**
 * The one HTTP client for servers that others name (peer routing servers, hosted users' contacts).
 * Every call is checked against the {@link OutboundPolicy} right before it is made, on the
 * addresses the host resolves to then; redirects are not followed; the whole call, body included,
 * has a deadline; and the body is read up to {@code vigil.outbound.max-body-bytes} and no further.
 *
 * <p>WARNING: the check and the connection each look the host up. They see the same addresses
 * because both go through the JVM's DNS cache ({@code networkaddress.cache.ttl}, 30 s by default);
 * setting that TTL to 0 would let a name change between the check and the connection.
 */
@ApplicationScoped
public class OutboundHttp {

  private static final Logger LOG = Logger.getLogger(OutboundHttp.class);
  private static final int LOGGED_TEXT = 200;

  private final OutboundPolicy policy;
  private final OutboundPolicy.Resolver resolver;
  private final long maxBodyBytes;
  private final Duration timeout;
  private final MeterRegistry metrics;
  private final HttpClient http;

  @Inject
  public OutboundHttp(OutboundConfig config, MeterRegistry metrics) {
    this(
        OutboundPolicy.of(config.allow().orElse(List.of())),
        OutboundPolicy.Resolver.system(),
        config.maxBodyBytes().asLongValue(),
        config.timeout(),
        metrics);
  }

  OutboundHttp(
      OutboundPolicy policy,
      OutboundPolicy.Resolver resolver,
      long maxBodyBytes,
      Duration timeout,
      MeterRegistry metrics) {
    this.policy = policy;
    this.resolver = resolver;
    this.maxBodyBytes = Math.min(maxBodyBytes, Integer.MAX_VALUE - 8L);
    this.timeout = timeout;
    this.metrics = metrics;
    this.http =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .followRedirects(HttpClient.Redirect.NEVER)
            .proxy(HttpClient.Builder.NO_PROXY)
            .connectTimeout(timeout)
            .build();
  }

  /**
   * Why a URL being configured would be refused, or empty. A host name that does not resolve yet is
   * accepted here; every call checks again.
   */
  public Optional<OutboundPolicy.Refusal> refusal(String url) {
    return policy.check(url, resolver).filter(refusal -> !refusal.reason().equals("unresolvable"));
  }

  /**
   * Refuses a URL being configured in the request field {@code field} with a 400 naming why, when
   * {@link #refusal} would refuse it.
   */
  public void requireAllowed(String field, String url) {
    refusal(url)
        .ifPresent(
            refusal -> {
              throw ProblemException.invalidField(field, refusal.detail());
            });
  }

  /**
   * GETs a URL.
   *
   * @param caller names the calling component in metrics and logs
   * @param deadline the caller's limit for the whole call; {@code vigil.outbound.timeout} caps it
   */
  public Outcome get(String caller, String url, Duration deadline) {
    return exchange(caller, url, deadline, HttpRequest.Builder::GET);
  }

  /** POSTs a body to a URL; see {@link #get}. */
  public Outcome post(
      String caller, String url, String contentType, byte[] body, Duration deadline) {
    return exchange(
        caller,
        url,
        deadline,
        request ->
            request
                .header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)));
  }

  private Outcome exchange(
      String caller, String url, Duration deadline, UnaryOperator<HttpRequest.Builder> method) {
    Optional<OutboundPolicy.Refusal> refused = policy.check(url, resolver);
    if (refused.isPresent()) {
      metrics
          .counter(
              "vigil_outbound_refused_total", "caller", caller, "reason", refused.get().reason())
          .increment();
      LOG.warnf("%s: refused to call %s: %s", caller, forLog(url), refused.get().detail());
      return new Outcome.Refused(refused.get());
    }
    Duration limit = deadline.compareTo(timeout) < 0 ? deadline : timeout;
    HttpRequest request =
        method.apply(HttpRequest.newBuilder(URI.create(url)).timeout(limit)).build();
    CompletableFuture<HttpResponse<BoundedBody.Body>> call =
        http.sendAsync(request, BoundedBody.handler(maxBodyBytes));
    try {
      HttpResponse<BoundedBody.Body> response = call.get(limit.toNanos(), TimeUnit.NANOSECONDS);
      if (response.body().tooLarge()) {
        metrics.counter("vigil_outbound_too_large_total", "caller", caller).increment();
        LOG.warnf("%s: %s answered more than %d bytes; cut off", caller, forLog(url), maxBodyBytes);
        return new Outcome.TooLarge(maxBodyBytes);
      }
      return new Outcome.Answered(
          response.statusCode(), response.headers(), response.body().bytes());
    } catch (TimeoutException late) {
      call.cancel(true);
      return failed(caller, url, "timeout", "no complete answer within " + limit);
    } catch (ExecutionException failure) {
      Throwable cause = failure.getCause();
      String reason = cause instanceof HttpTimeoutException ? "timeout" : "unreachable";
      return failed(caller, url, reason, String.valueOf(cause));
    } catch (InterruptedException interrupted) {
      call.cancel(true);
      Thread.currentThread().interrupt();
      return new Outcome.Failed("interrupted");
    }
  }

  private Outcome failed(String caller, String url, String reason, String detail) {
    metrics
        .counter("vigil_outbound_failures_total", "caller", caller, "reason", reason)
        .increment();
    LOG.debugf("%s: calling %s failed (%s): %s", caller, forLog(url), reason, forLog(detail));
    return new Outcome.Failed(reason);
  }

  /**
   * Text from elsewhere made safe for one log line: control characters replaced, cut to 200
   * characters. Never put such text on an API answer.
   */
  public static String forLog(String text) {
    if (text == null) {
      return "null";
    }
    StringBuilder safe = new StringBuilder(Math.min(text.length(), LOGGED_TEXT + 1));
    for (int i = 0; i < text.length() && safe.length() < LOGGED_TEXT; i++) {
      char c = text.charAt(i);
      safe.append(Character.isISOControl(c) ? '?' : c);
    }
    if (text.length() > LOGGED_TEXT) {
      safe.append('…');
    }
    return safe.toString();
  }
}
