package io.vigil.core.chain;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonParseException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.web3j.protocol.exceptions.ClientConnectionException;

/** The classes the providers' real answers fall into, and what each class makes the caller do. */
class RpcFailureTest {

  @ParameterizedTest(name = "{0} {1}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          -32005 | query returned more than 10000 results. Try with this block range [0x1, 0x2710].
          -32000 | query returned more than 10000 results
          -32602 | Log response size exceeded. You can make eth_getLogs requests with up to a 2K block range and no limit on the response size, or you can request any block range with a cap of 10K logs in the response.
          -32600 | block range is too wide
          -32000 | block range is too wide (maximum 1024)
          -32000 | exceed maximum block range: 5000
          -32005 | Requested range exceeds maximum RPC range limit
          -32602 | query exceeds max block range 100000
          -32602 | query exceeds max results 20000, retry with the range 1-2
          -32005 | query exceeds max block range 5
          -32614 | eth_getLogs is limited to a 10,000 range
          -32000 | eth_getLogs and eth_newFilter are limited to a 10,000 blocks range
          -32602 | eth_getLogs block range is too large, max is 2000
          -32000 | Query timeout exceeded. Consider reducing your block range.
          -32005 | query returned more than 10000 results
          -32602 | Log response size exceeded.
          """)
  void shouldShrinkTheRangeForEveryProvidersRefusalOfItsSize(int code, String message) {
    assertAnswer(
        code,
        message,
        RpcFailure.RangeTooLarge.class,
        ErrorClass.RANGE_TOO_LARGE,
        false,
        "range_too_large");
  }

  @ParameterizedTest(name = "{0} {1}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          -32005 | limit exceeded
          -32005 | daily request count exceeded, request rate limited
          429    | Too Many Requests
          -32000 | header not found
          -32603 | internal error
          -32000 | request timed out
          -32000 | server is busy, try again later
          """)
  void shouldTryTheNextEndpointWhenTheAnswerSaysThisOneIsUnwell(int code, String message) {
    assertAnswer(
        code, message, RpcFailure.Unavailable.class, ErrorClass.RETRYABLE, true, "unavailable");
  }

  @ParameterizedTest(name = "{0} {1}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          3      | execution reverted
          -32000 | nonce too low
          -32000 | insufficient funds for gas * price + value
          -32000 | replacement transaction underpriced
          -32601 | the method eth_foo does not exist/is not available
          -32602 | invalid argument 0: hex string has leading zero digits
          -32602 | block range extends beyond current head block
          -32000 | invalid block range params
          -32000 | invalid from and to block combination: from > to
          -32601 | the method eth_foo does not exist
          """)
  void shouldSurfaceAnswersAboutTheRequestItself(int code, String message) {
    assertThat(
            assertAnswer(
                code, message, RpcFailure.Rejected.class, ErrorClass.FATAL, false, "rejected"))
        .isEqualTo(new RpcFailure.Rejected(code, message));
  }

  /**
   * Checks the failure that {@code code} and {@code message} are read as: its kind, its class (also
   * as {@link RpcErrors#classify}), whether it tries the next endpoint, and its label.
   */
  private static RpcFailure assertAnswer(
      int code,
      String message,
      Class<? extends RpcFailure> kind,
      ErrorClass errorClass,
      boolean triesNextEndpoint,
      String label) {
    RpcFailure failure = RpcErrors.answer(code, message);

    assertThat(failure).isInstanceOf(kind);
    assertThat(failure.errorClass()).isEqualTo(errorClass);
    assertThat(RpcErrors.classify(code, message)).isEqualTo(errorClass);
    assertThat(failure.triesNextEndpoint()).isEqualTo(triesNextEndpoint);
    assertThat(failure.label()).isEqualTo(label);
    return failure;
  }

  @ParameterizedTest(name = "HTTP {0}")
  @CsvSource({"500", "502", "503", "504", "401", "403", "408", "429"})
  void shouldTryTheNextEndpointOnAnHttpErrorOfTheEndpoint(int status) {
    assertThat(RpcErrors.httpStatus(status, "<html>gateway</html>"))
        .isEqualTo(new RpcFailure.Unavailable("HTTP " + status));
  }

  @Test
  void shouldReadAJsonRpcErrorThatAProviderSendsWithAClientErrorStatus() {
    String body =
        "{\"jsonrpc\":\"2.0\",\"id\":1,\"error\":{\"code\":-32602,\"message\":\"Log response size"
            + " exceeded.\"}}";

    assertThat(RpcErrors.httpStatus(400, body)).isInstanceOf(RpcFailure.RangeTooLarge.class);
    assertThat(RpcErrors.httpStatus(413, body)).isInstanceOf(RpcFailure.RangeTooLarge.class);
    assertThat(
            RpcErrors.httpStatus(
                400, "{\"error\":{\"code\":-32601,\"message\":\"method not found\"}}"))
        .isEqualTo(new RpcFailure.Rejected(-32601, "method not found"));
    assertThat(RpcErrors.httpStatus(503, body))
        .as("a server error is the endpoint's, whatever the body says")
        .isInstanceOf(RpcFailure.Unavailable.class);
    assertThat(RpcErrors.httpStatus(404, "not found")).isInstanceOf(RpcFailure.Unavailable.class);
  }

  @Test
  void shouldClassifyFailuresToGetAnAnswer() {
    assertThat(RpcErrors.thrown(new SocketTimeoutException("timeout")))
        .isInstanceOf(RpcFailure.Unavailable.class);
    assertThat(RpcErrors.thrown(new ConnectException("Connection refused")))
        .isInstanceOf(RpcFailure.Unavailable.class);
    assertThat(RpcErrors.thrown(new IOException("unexpected end of stream")))
        .isInstanceOf(RpcFailure.Unavailable.class);
    assertThat(RpcErrors.thrown(new ClientConnectionException("Invalid response received: 503")))
        .isEqualTo(new RpcFailure.Unavailable("HTTP 503"));
    assertThat(
            RpcErrors.thrown(
                new ClientConnectionException(
                    "Invalid response received: 400; {\"error\":{\"code\":-32005,\"message\":"
                        + "\"query returned more than 10000 results\"}}")))
        .isInstanceOf(RpcFailure.RangeTooLarge.class);
    assertThat(RpcErrors.thrown(new JsonParseException(null, "Unexpected character '<'")))
        .isInstanceOfSatisfying(
            RpcFailure.Malformed.class,
            malformed -> assertThat(malformed.triesNextEndpoint()).isTrue());
    assertThat(RpcErrors.thrown(new RuntimeException("wrapped", new SocketTimeoutException())))
        .isInstanceOf(RpcFailure.Unavailable.class);
    assertThat(RpcErrors.thrown(new IllegalArgumentException("bug")))
        .as("a bug on this side surfaces rather than fails over")
        .isInstanceOfSatisfying(
            RpcFailure.Rejected.class,
            rejected -> assertThat(rejected.triesNextEndpoint()).isFalse());
  }

  @Test
  void shouldKeepTheClassOfAChainExceptionThatWasAlreadyClassified() {
    assertThat(
            RpcErrors.thrown(
                new ChainException(ErrorClass.RANGE_TOO_LARGE, "too big", -32005, null)))
        .isEqualTo(new RpcFailure.RangeTooLarge(-32005, "too big"));
    assertThat(RpcErrors.thrown(new ChainException(ErrorClass.FATAL, "no", 3, "0x")))
        .isEqualTo(new RpcFailure.Rejected(3, "no"));
  }
}
