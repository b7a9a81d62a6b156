package io.vigil.core.chain;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.web3j.protocol.Web3jService;
import org.web3j.protocol.core.BatchRequest;
import org.web3j.protocol.core.Request;
import org.web3j.protocol.core.Response;

/**
 * Calls and batches of calls whose answers are read as JSON, over the node transport (endpoint
 * fallback, error classes, metrics), for adapters that need several calls in one round trip. A
 * failure to get an answer is thrown as a {@link ChainException}; an error answer to one call of a
 * batch is that call's {@link Answer}.
 */
public final class NodeRpc {

  private final Web3jService transport;

  NodeRpc(Web3jService transport) {
    this.transport = transport;
  }

  /** One call; its {@code params} are serialised with Jackson. */
  public record Call(String method, List<?> params) {
    public static Call of(String method, Object... params) {
      return new Call(method, List.of(params));
    }
  }

  /**
   * The answer to one call: a result (possibly JSON null) or the node's error, never both. The
   * error's message is the node's, without the method.
   */
  public record Answer(JsonNode result, ChainException error) {
    public boolean ok() {
      return error == null;
    }

    /** The result, or throws the error. */
    public JsonNode get() {
      if (error != null) {
        throw error;
      }
      return result;
    }
  }

  /** An answer whose result is kept as a JSON tree. */
  public static final class JsonResponse extends Response<JsonNode> {}

  /** Sends one call and returns its result; throws the error answer or the failure to get one. */
  public JsonNode call(String method, Object... params) {
    Request<?, JsonResponse> request = request(Call.of(method, params));
    return answer(RpcAnswers.send(request::send, method)).get();
  }

  /** Sends several calls in one HTTP request; answers come back in the order of the calls. */
  public List<Answer> batch(List<Call> calls) {
    if (calls.isEmpty()) {
      return List.of();
    }
    BatchRequest batch = new BatchRequest(transport);
    Map<Long, Integer> positions = new HashMap<>();
    for (Call call : calls) {
      Request<?, JsonResponse> request = request(call);
      positions.put(request.getId(), positions.size());
      batch.add(request);
    }
    // Nodes may answer a batch in any order; the ids say which answer is whose.
    List<Answer> answers = new ArrayList<>(calls.size());
    for (int i = 0; i < calls.size(); i++) {
      answers.add(new Answer(null, unanswered(calls.get(i).method())));
    }
    for (Response<?> response : RpcAnswers.send(batch::send, "batch").getResponses()) {
      Integer position = positions.get(response.getId());
      if (position != null) {
        answers.set(position, answer(response));
      }
    }
    return answers;
  }

  private Request<?, JsonResponse> request(Call call) {
    return new Request<>(call.method(), call.params(), transport, JsonResponse.class);
  }

  private static Answer answer(Response<?> response) {
    if (!response.hasError()) {
      return new Answer((JsonNode) response.getResult(), null);
    }
    Response.Error error = response.getError();
    RpcFailure kind = RpcErrors.answer(error.getCode(), error.getMessage());
    String data = error.getData() == null ? null : RpcAnswers.revertData(error.getData());
    return new Answer(
        null,
        new ChainException(
            kind.errorClass(),
            error.getMessage(),
            error.getCode(),
            "0x".equals(data) ? null : data));
  }

  private static ChainException unanswered(String method) {
    return new ChainException(
        ErrorClass.RETRYABLE, "no answer to " + method + " in its batch", -32603, null);
  }
}
