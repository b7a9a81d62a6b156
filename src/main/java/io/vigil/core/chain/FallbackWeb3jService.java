package io.vigil.core.chain;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.reactivex.Flowable;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.jboss.logging.Logger;
import org.web3j.protocol.Web3jService;
import org.web3j.protocol.core.BatchRequest;
import org.web3j.protocol.core.BatchResponse;
import org.web3j.protocol.core.Request;
import org.web3j.protocol.core.Response;
import org.web3j.protocol.core.methods.response.EthChainId;
import org.web3j.protocol.websocket.events.Notification;

/**
 * Sends each JSON-RPC request to the endpoint that last answered, and when the failure is the
 * endpoint's ({@link RpcFailure#triesNextEndpoint()}: no answer, HTTP error, rate limit, garbage)
 * to the next one, in configured order. Answers that say the request itself is wrong (a revert, a
 * bad nonce, a refused log range) are returned as they are: another endpoint would give the same
 * answer. Every failure is counted by endpoint and class; endpoints are labelled by their index in
 * {@code vigil.chain.rpc-urls}, never by URL (URLs often carry API keys).
 */
final class FallbackWeb3jService implements Web3jService {

  private static final Logger LOG = Logger.getLogger(FallbackWeb3jService.class);

  record Endpoint(String url, Web3jService service) {}

  private final List<Endpoint> endpoints;
  private final AtomicInteger preferred = new AtomicInteger();
  private final MeterRegistry meters;

  FallbackWeb3jService(List<String> urls, EndpointFactory factory, MeterRegistry meters) {
    this.endpoints = urls.stream().map(url -> new Endpoint(url, factory.create(url))).toList();
    this.meters = meters;
    Gauge.builder("vigil_chain_rpc_endpoint", preferred, AtomicInteger::get)
        .description("Index in vigil.chain.rpc-urls of the endpoint JSON-RPC calls go to first")
        .register(meters);
  }

  /** Builds the transport for one endpoint URL. */
  @FunctionalInterface
  interface EndpointFactory {
    Web3jService create(String url);
  }

  int endpointCount() {
    return endpoints.size();
  }

  /** Index (in configured order) of the endpoint that will be tried first. */
  int preferredEndpoint() {
    return preferred.get();
  }

  /**
   * Asks every endpoint for its chain id, each on its own (no fallback): empty for an endpoint that
   * does not answer. In configured order.
   */
  List<Optional<Long>> probeChainIds() {
    List<Optional<Long>> ids = new ArrayList<>();
    for (Endpoint endpoint : endpoints) {
      try {
        EthChainId answer =
            new Request<>("eth_chainId", List.of(), endpoint.service(), EthChainId.class).send();
        ids.add(
            answer.hasError()
                ? Optional.empty()
                : Optional.of(answer.getChainId().longValueExact()));
      } catch (IOException | RuntimeException unreachable) {
        ids.add(Optional.empty());
      }
    }
    return ids;
  }

  @Override
  public <T extends Response> T send(Request request, Class<T> responseType) throws IOException {
    return withFallback(
        request.getMethod(),
        service -> service.send(request, responseType),
        response -> response.hasError() ? List.of(response.getError()) : List.of(),
        false);
  }

  /**
   * Sends the calls of a batch in one HTTP request. When one of its answers is the endpoint's fault
   * the whole batch goes to the next endpoint; from the last one it comes back as answered, each
   * call's error for its caller to read.
   */
  @Override
  public BatchResponse sendBatch(BatchRequest batchRequest) throws IOException {
    return withFallback(
        "batch of " + batchRequest.getRequests().size(),
        service -> service.sendBatch(batchRequest),
        batch ->
            batch.getResponses().stream()
                .filter(Response::hasError)
                .map(Response::getError)
                .toList(),
        true);
  }

  /** One exchange with one endpoint. */
  @FunctionalInterface
  private interface Exchange<R> {
    R with(Web3jService endpoint) throws IOException;
  }

  private <R> R withFallback(
      String what,
      Exchange<R> exchange,
      Function<R, List<Response.Error>> errorsOf,
      boolean lastAnswerStands)
      throws IOException {
    if (endpoints.isEmpty()) {
      throw new ChainException(
          ErrorClass.FATAL, "no JSON-RPC endpoint configured (vigil.chain.rpc-urls)", null, null);
    }
    int start = preferred.get();
    RpcFailure last = null;
    for (int attempt = 0; attempt < endpoints.size(); attempt++) {
      int index = (start + attempt) % endpoints.size();
      boolean lastEndpoint = attempt + 1 == endpoints.size();
      RpcFailure failure = null;
      try {
        R answer = exchange.with(endpoints.get(index).service());
        for (Response.Error error : errorsOf.apply(answer)) {
          RpcFailure answered = RpcErrors.answer(error.getCode(), error.getMessage());
          count(index, answered);
          if (failure == null && answered.triesNextEndpoint()) {
            failure = answered;
          }
        }
        if (failure == null || (lastEndpoint && lastAnswerStands)) {
          preferred.set(index);
          return answer;
        }
      } catch (IOException | RuntimeException thrown) {
        failure = RpcErrors.thrown(thrown);
        count(index, failure);
        if (!failure.triesNextEndpoint()) {
          throw thrown;
        }
      }
      last = failure;
      LOG.debugf("endpoint %d failed %s: %s", index, what, failure);
      if (!lastEndpoint) {
        failedOver(index, (index + 1) % endpoints.size());
      }
    }
    throw new ChainException(
        ErrorClass.RETRYABLE,
        "every JSON-RPC endpoint failed "
            + what
            + " ("
            + endpoints.size()
            + " tried); last: "
            + last.detail(),
        null,
        null);
  }

  private void count(int endpoint, RpcFailure failure) {
    Counter.builder("vigil_chain_rpc_errors")
        .description("Failed JSON-RPC calls by endpoint and error class")
        .tag("endpoint", String.valueOf(endpoint))
        .tag("class", failure.label())
        .register(meters)
        .increment();
  }

  private void failedOver(int from, int to) {
    Counter.builder("vigil_chain_rpc_failovers")
        .description("Times a JSON-RPC call moved on from one endpoint to the next")
        .tag("from", String.valueOf(from))
        .tag("to", String.valueOf(to))
        .register(meters)
        .increment();
  }

  @Override
  public <T extends Response> CompletableFuture<T> sendAsync(
      Request request, Class<T> responseType) {
    return CompletableFuture.supplyAsync(
        () -> {
          try {
            return send(request, responseType);
          } catch (IOException e) {
            throw new ChainException(ErrorClass.RETRYABLE, e.getMessage(), e);
          }
        });
  }

  @Override
  public CompletableFuture<BatchResponse> sendBatchAsync(BatchRequest batchRequest) {
    throw new UnsupportedOperationException("batches are sent synchronously");
  }

  @Override
  public <T extends Notification<?>> Flowable<T> subscribe(
      Request request, String unsubscribeMethod, Class<T> responseType) {
    throw new UnsupportedOperationException("subscriptions need a WebSocket endpoint");
  }

  @Override
  public void close() throws IOException {
    for (Endpoint endpoint : endpoints) {
      endpoint.service().close();
    }
  }
}
