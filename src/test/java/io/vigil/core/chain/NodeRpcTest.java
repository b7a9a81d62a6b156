package io.vigil.core.chain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.TextNode;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.reactivex.Flowable;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.web3j.protocol.Web3jService;
import org.web3j.protocol.core.BatchRequest;
import org.web3j.protocol.core.BatchResponse;
import org.web3j.protocol.core.Request;
import org.web3j.protocol.core.Response;
import org.web3j.protocol.exceptions.ClientConnectionException;
import org.web3j.protocol.websocket.events.Notification;

/** Batches go through the node transport: one exchange per batch, fallback, per-call answers. */
class NodeRpcTest {

  /** An endpoint that answers each batch with {@code answer}, counting the exchanges. */
  static final class Endpoint implements Web3jService {
    final Function<Request<?, ?>, Response<?>> answer;
    int batches;

    Endpoint(Function<Request<?, ?>, Response<?>> answer) {
      this.answer = answer;
    }

    @Override
    public BatchResponse sendBatch(BatchRequest batch) throws IOException {
      batches++;
      List<Response<?>> responses = new ArrayList<>();
      for (Request<?, ?> request : batch.getRequests()) {
        Response<?> response = answer.apply(request);
        response.setId(request.getId());
        responses.add(0, response); // a node may answer in any order
      }
      return new BatchResponse(batch.getRequests(), responses);
    }

    @Override
    public <T extends Response> T send(Request request, Class<T> type) {
      throw new UnsupportedOperationException();
    }

    @Override
    public <T extends Response> CompletableFuture<T> sendAsync(Request request, Class<T> type) {
      throw new UnsupportedOperationException();
    }

    @Override
    public CompletableFuture<BatchResponse> sendBatchAsync(BatchRequest batch) {
      throw new UnsupportedOperationException();
    }

    @Override
    public <T extends Notification<?>> Flowable<T> subscribe(
        Request request, String unsubscribe, Class<T> type) {
      throw new UnsupportedOperationException();
    }

    @Override
    public void close() {}
  }

  static Response<?> result(String value) {
    NodeRpc.JsonResponse response = new NodeRpc.JsonResponse();
    response.setResult(TextNode.valueOf(value));
    return response;
  }

  static Response<?> error(int code, String message) {
    NodeRpc.JsonResponse response = new NodeRpc.JsonResponse();
    response.setError(new Response.Error(code, message));
    return response;
  }

  static final Endpoint DOWN =
      new Endpoint(
          request -> {
            throw new ClientConnectionException("Invalid response received: 503; ");
          });

  static final Endpoint ECHO = new Endpoint(request -> result(request.getMethod()));

  final SimpleMeterRegistry meters = new SimpleMeterRegistry();

  NodeRpc rpc(Endpoint... endpoints) {
    List<String> urls = new ArrayList<>();
    for (int i = 0; i < endpoints.length; i++) {
      urls.add(String.valueOf(i));
    }
    return new NodeRpc(
        new FallbackWeb3jService(urls, url -> endpoints[Integer.parseInt(url)], meters));
  }

  double failovers() {
    return meters.find("vigil_chain_rpc_failovers").counters().stream()
        .mapToDouble(c -> c.count())
        .sum();
  }

  @Test
  void shouldAnswerEachCallInItsOrderFromOneExchange() {
    Endpoint node = new Endpoint(request -> result(request.getMethod()));

    List<NodeRpc.Answer> answers =
        rpc(node)
            .batch(List.of(NodeRpc.Call.of("eth_blockNumber"), NodeRpc.Call.of("eth_chainId")));

    assertThat(node.batches).isEqualTo(1);
    assertThat(answers)
        .extracting(answer -> answer.get().asText())
        .containsExactly("eth_blockNumber", "eth_chainId");
  }

  @Test
  void shouldSendTheBatchToTheNextEndpointWhenOneIsDown() {
    Endpoint second = new Endpoint(request -> result("ok"));

    List<NodeRpc.Answer> answers = rpc(DOWN, second).batch(List.of(NodeRpc.Call.of("eth_chainId")));

    assertThat(answers.get(0).get().asText()).isEqualTo("ok");
    assertThat(second.batches).isEqualTo(1);
    assertThat(failovers()).isEqualTo(1);
  }

  @Test
  void shouldGiveARefusalToItsCallOnlyWithoutFailingOver() {
    Endpoint node =
        new Endpoint(
            request ->
                request.getMethod().equals("eth_sendRawTransaction")
                    ? error(-32000, "nonce too low")
                    : result("0x1"));
    Endpoint spare = new Endpoint(request -> result("spare"));

    List<NodeRpc.Answer> answers =
        rpc(node, spare)
            .batch(
                List.of(
                    NodeRpc.Call.of("eth_sendRawTransaction", "0x00"),
                    NodeRpc.Call.of("eth_blockNumber")));

    assertThat(answers.get(0).ok()).isFalse();
    assertThat(answers.get(0).error().getMessage()).isEqualTo("nonce too low");
    assertThat(answers.get(0).error().errorClass()).isEqualTo(ErrorClass.FATAL);
    assertThat(answers.get(1).get().asText()).isEqualTo("0x1");
    assertThat(spare.batches).isZero();
    assertThat(failovers()).isZero();
  }

  @Test
  void shouldFailOverAnEndpointsFaultAndKeepTheLastEndpointsAnswers() {
    Endpoint lagging = new Endpoint(request -> error(-32000, "header not found"));
    Endpoint alsoLagging = new Endpoint(request -> error(-32000, "header not found"));

    List<NodeRpc.Answer> answers =
        rpc(lagging, alsoLagging).batch(List.of(NodeRpc.Call.of("eth_getBlockByNumber")));

    assertThat(lagging.batches).isEqualTo(1);
    assertThat(alsoLagging.batches).isEqualTo(1);
    assertThat(answers.get(0).error().isRetryable()).isTrue();
  }

  @Test
  void shouldThrowARetryableFailureWhenNoEndpointAnswers() {
    NodeRpc rpc = rpc(DOWN);

    assertThatThrownBy(() -> rpc.batch(List.of(NodeRpc.Call.of("eth_chainId"))))
        .isInstanceOfSatisfying(
            ChainException.class, failure -> assertThat(failure.isRetryable()).isTrue());
  }
}
