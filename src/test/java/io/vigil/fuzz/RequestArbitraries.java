package io.vigil.fuzz;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Tuple;

/**
 * Builds the generated requests for an endpoint: path parameters (plausible or garbage), the
 * Authorization header (right, missing, wrong or forged), the Content-Type, now and then a verb the
 * endpoint does not take, and a body that is the valid example, a mutation of it, or generated
 * JSON.
 */
final class RequestArbitraries {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern PARAMETER = Pattern.compile("\\{([^}]+)}");
  static final String NO_CONTENT_TYPE = "none";
  private static final List<String> VERBS = List.of("GET", "POST", "PUT", "DELETE", "PATCH");

  /** Content types a client may send; {@link #NO_CONTENT_TYPE} sends none. */
  static final List<String> CONTENT_TYPES =
      List.of(
          NO_CONTENT_TYPE,
          "application/json; charset=utf-8",
          "application/json; charset=iso-8859-1",
          "APPLICATION/JSON",
          "text/plain",
          "application/xml",
          "application/x-www-form-urlencoded",
          "multipart/form-data; boundary=x",
          "application/problem+json",
          "*/*",
          "application/json; charset=no-such-charset",
          "json",
          "application/octet-stream");

  /** Path parameter values that are wrong for every parameter type. */
  static final List<String> GARBAGE_PARAMETERS =
      List.of(
          "",
          "0",
          "-1",
          "0x",
          "0x" + "0".repeat(63),
          "0x" + "f".repeat(65),
          "0X" + "AB".repeat(32),
          "9223372036854775808",
          "-9223372036854775809",
          "1e3",
          "null",
          "..",
          ".",
          "%",
          "%00",
          "a/b",
          " ",
          "\u0000",
          "\uD83D\uDE00",
          "\u202Ealice",
          "x".repeat(65),
          "x".repeat(1_000),
          "'; drop table landmark_user; --",
          "{user}");

  private final Credentials credentials;

  RequestArbitraries(Credentials credentials) {
    this.credentials = credentials;
  }

  Arbitrary<FuzzRequest> requests(EndpointFuzzer fuzzer) {
    Arbitrary<String> verb =
        Arbitraries.frequencyOf(
            Tuple.of(24, Arbitraries.just(fuzzer.method())),
            Tuple.of(1, Arbitraries.of(VERBS).filter(v -> !v.equals(fuzzer.method()))));
    Arbitrary<Credentials.Kind> authorization =
        Arbitraries.frequencyOf(
            Tuple.of(12, Arbitraries.just(Credentials.Kind.RIGHT)),
            Tuple.of(8, Arbitraries.of(Credentials.Kind.class)));
    Arbitrary<String> contentType =
        Arbitraries.frequencyOf(
            Tuple.of(8, Arbitraries.just("application/json")),
            Tuple.of(2, Arbitraries.of(CONTENT_TYPES)));
    return Combinators.combine(
            verb, path(fuzzer), body(fuzzer), authorization, Arbitraries.integers(), contentType)
        .as(
            (method, path, body, auth, n, type) -> {
              List<FuzzRequest.Header> headers = new ArrayList<>();
              String value = credentials.authorization(auth, fuzzer.access(), n);
              if (value != null) {
                headers.add(new FuzzRequest.Header("Authorization", value));
              }
              boolean sendsBody = body.bytes() != null;
              if (!type.equals(NO_CONTENT_TYPE) && (sendsBody || !method.equals("GET"))) {
                headers.add(new FuzzRequest.Header("Content-Type", type));
              }
              String recipe =
                  body.recipe()
                      + " auth="
                      + auth
                      + (method.equals(fuzzer.method()) ? "" : " verb=" + method)
                      + " type="
                      + type;
              return new FuzzRequest(fuzzer.key(), method, path, headers, body.bytes(), recipe);
            });
  }

  /** The template with each parameter a plausible value (mostly) or garbage, percent-encoded. */
  private static Arbitrary<String> path(EndpointFuzzer fuzzer) {
    List<String> names = new ArrayList<>(fuzzer.parameters().keySet());
    if (names.isEmpty()) {
      return Arbitraries.just(fuzzer.template());
    }
    List<Arbitrary<String>> values = new ArrayList<>();
    for (String name : names) {
      values.add(
          Arbitraries.frequencyOf(
              Tuple.of(7, fuzzer.parameters().get(name)),
              Tuple.of(2, Arbitraries.of(GARBAGE_PARAMETERS)),
              Tuple.of(1, Arbitraries.strings().ofMaxLength(80))));
    }
    return Combinators.combine(values)
        .as(
            chosen -> {
              Map<String, String> byName = new LinkedHashMap<>();
              for (int i = 0; i < names.size(); i++) {
                byName.put(names.get(i), chosen.get(i));
              }
              Matcher m = PARAMETER.matcher(fuzzer.template());
              StringBuilder out = new StringBuilder();
              while (m.find()) {
                m.appendReplacement(out, Matcher.quoteReplacement(encode(byName.get(m.group(1)))));
              }
              m.appendTail(out);
              return out.toString();
            });
  }

  /** The body to send and how it was made. */
  record Body(byte[] bytes, String recipe) {}

  private static Arbitrary<Body> body(EndpointFuzzer fuzzer) {
    Arbitrary<Body> generated = json(3).map(j -> new Body(utf8(j), "body=generated"));
    if (fuzzer.example() == null) {
      return Arbitraries.frequencyOf(
          Tuple.of(8, Arbitraries.just(new Body(null, "body=none"))),
          Tuple.of(1, generated),
          Tuple.of(1, mutations().map(m -> new Body(m.apply("{\"unexpected\":1}"), "body=" + m))));
    }
    return Arbitraries.frequencyOf(
        Tuple.of(3, fuzzer.example().map(e -> new Body(utf8(e), "body=example"))),
        Tuple.of(
            12,
            Combinators.combine(fuzzer.example(), mutations())
                .as((e, m) -> new Body(m.apply(e), "body=" + m))),
        Tuple.of(1, generated),
        Tuple.of(1, Arbitraries.just(new Body(null, "body=none"))));
  }

  static Arbitrary<JsonMutation> mutations() {
    return Combinators.combine(
            Arbitraries.of(JsonMutation.Kind.class).filter(k -> k != JsonMutation.Kind.NONE),
            Arbitraries.integers().between(0, 10_000),
            Arbitraries.integers().between(0, 10_000))
        .as(JsonMutation::new);
  }

  /** Arbitrary JSON text up to {@code depth} levels deep. */
  static Arbitrary<String> json(int depth) {
    Arbitrary<String> leaf =
        Arbitraries.oneOf(
            Arbitraries.strings().ofMaxLength(30).map(RequestArbitraries::quote),
            Arbitraries.integers().map(String::valueOf),
            Arbitraries.bigIntegers()
                .between(
                    java.math.BigInteger.TEN.pow(80).negate(), java.math.BigInteger.TEN.pow(80))
                .map(String::valueOf),
            Arbitraries.doubles().map(d -> d.isNaN() || d.isInfinite() ? "1e999" : d.toString()),
            Arbitraries.of("true", "false", "null"));
    if (depth == 0) {
      return leaf;
    }
    Arbitrary<String> inner = Arbitraries.lazy(() -> json(depth - 1));
    Arbitrary<String> array = inner.list().ofMaxSize(4).map(l -> "[" + String.join(",", l) + "]");
    Arbitrary<String> object =
        Combinators.combine(
                Arbitraries.of(
                        "state",
                        "nonce",
                        "key",
                        "kind",
                        "amount",
                        "raw",
                        "client",
                        "delegations",
                        "channelId",
                        "signature",
                        "from",
                        "to",
                        "x")
                    .map(RequestArbitraries::quote),
                inner)
            .as((k, v) -> k + ":" + v)
            .list()
            .ofMaxSize(5)
            .map(l -> "{" + String.join(",", l) + "}");
    return Arbitraries.frequencyOf(Tuple.of(2, leaf), Tuple.of(1, array), Tuple.of(3, object));
  }

  private static String quote(String text) {
    try {
      return JSON.writeValueAsString(text);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Percent-encodes every byte of the UTF-8 form except RFC 3986 unreserved characters. */
  static String encode(String value) {
    StringBuilder out = new StringBuilder();
    for (byte b : value.getBytes(StandardCharsets.UTF_8)) {
      int c = b & 0xff;
      if ((c >= 'a' && c <= 'z')
          || (c >= 'A' && c <= 'Z')
          || (c >= '0' && c <= '9')
          || c == '-'
          || c == '.'
          || c == '_'
          || c == '~') {
        out.append((char) c);
      } else {
        out.append('%').append(String.format("%02X", c));
      }
    }
    return out.toString();
  }

  private static byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
