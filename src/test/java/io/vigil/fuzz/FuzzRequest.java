package io.vigil.fuzz;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * One generated request for one endpoint: the verb, the already encoded path, the headers and the
 * body bytes, and how it was made (for the figures and for a reproducer).
 */
record FuzzRequest(
    String endpoint, String method, String path, List<Header> headers, byte[] body, String recipe) {

  record Header(String name, String value) {}

  /** Whether a 2xx answer to it may legitimately change a table. */
  boolean mayWrite() {
    return !method.equals("GET");
  }

  @Override
  public String toString() {
    String text = body == null ? "" : new String(body, StandardCharsets.UTF_8);
    if (text.length() > 400) {
      text = text.substring(0, 400) + "... (" + body.length + " bytes)";
    }
    return method
        + " "
        + (path.length() > 300 ? path.substring(0, 300) + "..." : path)
        + " "
        + headers
        + " ["
        + recipe
        + "] "
        + text;
  }
}
