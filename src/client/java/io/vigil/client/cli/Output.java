package io.vigil.client.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vigil.client.VigilClientException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;

/**
 * How a command answers: with {@code --json}, one JSON document on stdout (an error is {@code
 * {"error": {...}}}); otherwise lines of text, errors on stderr.
 */
public final class Output {

  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private final CliOptions options;
  private final PrintWriter out;
  private final PrintWriter err;

  public Output(CliOptions options, PrintWriter out, PrintWriter err) {
    this.options = options;
    this.out = out;
    this.err = err;
  }

  /** Prints {@code value} as JSON with --json, else {@code text}. */
  public void result(Object value, String text) {
    if (options.json()) {
      try {
        out.println(JSON.writeValueAsString(value));
      } catch (com.fasterxml.jackson.core.JsonProcessingException unwritable) {
        throw new UncheckedIOException(unwritable);
      }
    } else {
      out.println(text);
    }
    out.flush();
  }

  /** A line of progress or a warning: stderr, so it never mixes with a JSON answer. */
  public void note(String text) {
    err.println(text);
    err.flush();
  }

  /** Reports a failure; returns the exit code. */
  public int error(VigilClientException failure) {
    if (options.json()) {
      ObjectNode body = JSON.createObjectNode();
      ObjectNode error = body.putObject("error");
      error.put("code", failure.code().code());
      error.put("retryable", failure.retryable());
      error.put("detail", failure.getMessage());
      error.put("hint", failure.hint());
      failure.server().ifPresent(server -> error.put("server", server));
      if (failure.status() > 0) {
        error.put("status", failure.status());
      }
      failure.problemType().ifPresent(type -> error.put("type", type));
      failure.field().ifPresent(field -> error.put("field", field));
      failure.retryAfterSeconds().ifPresent(seconds -> error.put("retryAfterSeconds", seconds));
      result(body, "");
    } else {
      err.println("error [" + failure.code().code() + "]: " + failure.getMessage());
      err.println("  what to do: " + failure.hint());
      err.flush();
    }
    return ExitCodes.forError(failure.code());
  }
}
