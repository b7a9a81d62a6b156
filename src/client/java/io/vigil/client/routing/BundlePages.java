package io.vigil.client.routing;

import com.fasterxml.jackson.databind.JsonNode;
import io.vigil.client.ErrorCode;
import io.vigil.client.VigilClientException;
import io.vigil.client.http.JsonHttp;
import io.vigil.core.protocol.Bundle;
import io.vigil.core.protocol.BundleMessage;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads pages of a routing server's bundles off the wire into {@link Bundle}s, strictly: a page or
 * bundle that lacks a field, or has one of the wrong type, is a {@link ErrorCode#BAD_RESPONSE}.
 * Nothing here verifies signatures; {@link BundleFollower} does.
 */
final class BundlePages {

  /**
   * A seq beyond any real one (18 digits, the most the server reads): asking for it answers with
   * the stored range and table id and no bundles, which is how the range is learnt after a 410.
   */
  static final long BEYOND = 999_999_999_999_999_999L;

  /** Longest table id a server may use (a UUID). */
  private static final int MAX_TABLE_ID = 36;

  /** One answer of {@code /messageBundles}. */
  record Page(String node, String tableId, long firstSeq, long lastSeq, List<Bundle> bundles) {}

  private BundlePages() {}

  /** The bundles {@code start..end} (inclusive on both ends). A 410 is thrown through. */
  static Page fetch(JsonHttp http, long start, long end) {
    return page(http, http.get("/messageBundles/" + start + "/" + end).body());
  }

  /** The stored range and table id, without bundles. */
  static Page head(JsonHttp http) {
    return fetch(http, BEYOND, BEYOND);
  }

  /** True when the failure is an answer over the size limit, which a smaller range may avoid. */
  static boolean tooLarge(VigilClientException failure) {
    return failure.getMessage() != null && failure.getMessage().contains("answer larger than");
  }

  private static Page page(JsonHttp http, JsonNode body) {
    String tableId = text(http, body, "tableId");
    if (tableId.length() > MAX_TABLE_ID) {
      throw malformed(http, "a table id longer than " + MAX_TABLE_ID + " characters");
    }
    JsonNode bundles = body.path("bundles");
    if (!bundles.isArray()) {
      throw malformed(http, "no bundles list");
    }
    List<Bundle> parsed = new ArrayList<>();
    for (JsonNode bundle : bundles) {
      parsed.add(bundle(http, bundle));
    }
    return new Page(
        text(http, body, "node").toLowerCase(java.util.Locale.ROOT),
        tableId,
        number(http, body, "firstSeq"),
        number(http, body, "lastSeq"),
        parsed);
  }

  private static Bundle bundle(JsonHttp http, JsonNode bundle) {
    JsonNode messages = bundle.path("messages");
    if (!messages.isArray()) {
      throw malformed(http, "a bundle without a messages list");
    }
    List<BundleMessage> parsed = new ArrayList<>();
    for (JsonNode message : messages) {
      if (!message.path("ttl").canConvertToInt()) {
        throw malformed(http, "a message without a whole ttl");
      }
      parsed.add(
          new BundleMessage(
              text(http, message, "to"),
              text(http, message, "hash"),
              text(http, message, "amount"),
              message.path("ttl").intValue()));
    }
    JsonNode signature = bundle.path("signature");
    return new Bundle(
        text(http, bundle, "node"),
        text(http, bundle, "tableId"),
        number(http, bundle, "seq"),
        number(http, bundle, "createdAt"),
        List.copyOf(parsed),
        signature.isTextual() ? signature.asText() : null);
  }

  private static String text(JsonHttp http, JsonNode node, String field) {
    JsonNode value = node == null ? null : node.get(field);
    if (value == null || !value.isTextual()) {
      throw malformed(http, "no text field " + field);
    }
    return value.asText();
  }

  private static long number(JsonHttp http, JsonNode node, String field) {
    JsonNode value = node == null ? null : node.get(field);
    if (value == null || !value.canConvertToLong() || !value.isIntegralNumber()) {
      throw malformed(http, "no whole-number field " + field);
    }
    return value.longValue();
  }

  private static VigilClientException malformed(JsonHttp http, String what) {
    return VigilClientException.of(
        ErrorCode.BAD_RESPONSE, http.baseUrl() + " /messageBundles answered with " + what);
  }
}
