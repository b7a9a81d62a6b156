package io.vigil.core.chain;

import java.io.IOException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.web3j.protocol.core.Response;

/**
 * Turns what web3j returns or throws into a result or a {@link ChainException} of the right class,
 * so every chain call fails the same way.
 */
final class RpcAnswers {

  private static final Pattern HEX = Pattern.compile("0x[0-9a-fA-F]*");

  private RpcAnswers() {}

  /** One JSON-RPC call through web3j. */
  @FunctionalInterface
  interface Rpc<T> {
    T call() throws IOException;
  }

  /** The answer, which may carry a JSON-RPC error; a failure to get one is thrown, classified. */
  static <T> T send(Rpc<T> rpc, String method) {
    try {
      return rpc.call();
    } catch (IOException e) {
      throw new ChainException(
          RpcErrors.classify(e), method + ": " + RpcErrors.thrown(e).detail(), e);
    } catch (ChainException e) {
      throw e;
    } catch (RuntimeException e) {
      throw new ChainException(RpcErrors.classify(e), method + ": " + e.getMessage(), e);
    }
  }

  /** The answer without error; an error answer is thrown, classified. */
  static <T extends Response<?>> T check(Rpc<T> rpc, String method) {
    T response = send(rpc, method);
    if (response.hasError()) {
      Response.Error error = response.getError();
      throw failure(error, method, RpcErrors.answer(error.getCode(), error.getMessage()));
    }
    return response;
  }

  static ChainException failure(Response.Error error, String method, RpcFailure kind) {
    return new ChainException(
        kind.errorClass(),
        method + ": " + error.getMessage(),
        error.getCode(),
        error.getData() == null ? null : revertData(error.getData()));
  }

  /** Nodes put revert data in error.data as a JSON string, or inside an object; find the hex. */
  static String revertData(String data) {
    if (data == null) {
      return "0x";
    }
    Matcher hex = HEX.matcher(data);
    return hex.find() ? hex.group() : "0x";
  }
}
