package io.vigil.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The fuzzers cover every endpoint the build declares, and the mutations do the damage they are
 * named for.
 */
class FuzzCatalogueTest {

  private static final String EXAMPLE = "{\"a\":\"1\",\"b\":{\"c\":[2,3]}}";

  @Test
  void shouldHaveAFuzzerForEveryEndpointOfEveryRole() {
    List<EndpointFuzzer> fuzzers = new EndpointCatalogue(null, "0x0").fuzzers();

    assertThat(FuzzHarness.missing(fuzzers)).isEmpty();
    assertThat(fuzzers).hasSizeGreaterThan(20);
  }

  @Test
  void shouldFailWhenAnEndpointHasNoFuzzer() {
    List<EndpointFuzzer> fuzzers = new EndpointCatalogue(null, "0x0").fuzzers();

    assertThat(FuzzHarness.missing(fuzzers.subList(1, fuzzers.size())))
        .containsExactly("no fuzzer: " + fuzzers.get(0).key());
  }

  @Test
  void shouldDropAFieldAndKeepTheRest() throws Exception {
    String dropped = text(new JsonMutation(JsonMutation.Kind.DROP, 0, 0).apply(EXAMPLE));

    assertThat(new ObjectMapper().readTree(dropped).has("a")).isFalse();
    assertThat(new ObjectMapper().readTree(dropped).has("b")).isTrue();
  }

  @Test
  void shouldSendAFieldTwiceWithAnotherValue() {
    String twice = text(new JsonMutation(JsonMutation.Kind.DUPLICATE, 0, 1).apply(EXAMPLE));

    assertThat(twice).startsWith(EXAMPLE.substring(0, EXAMPLE.length() - 1)).contains(",\"a\":");
  }

  @Test
  void shouldNestDeeperThanAnyParserAllows() {
    String deep = text(new JsonMutation(JsonMutation.Kind.DEEP_NESTING, 1, 3).apply(EXAMPLE));

    assertThat(deep).contains("[".repeat(5_000) + "1" + "]".repeat(5_000));
  }

  @Test
  void shouldCutTheBodyShort() {
    String cut = text(new JsonMutation(JsonMutation.Kind.TRUNCATE, 7, 0).apply(EXAMPLE));

    assertThat(cut).isEqualTo(EXAMPLE.substring(0, 7));
  }

  @Test
  void shouldReplaceAValueWithAHugeNumber() {
    String huge = text(new JsonMutation(JsonMutation.Kind.HUGE_NUMBER, 0, 0).apply(EXAMPLE));

    assertThat(huge).startsWith("{\"a\":1E+400");
  }

  @Test
  void shouldSendBytesThatAreNotUtf8() {
    byte[] bytes = new JsonMutation(JsonMutation.Kind.INVALID_UTF8, 3, 0).apply(EXAMPLE);

    assertThat(bytes).hasSize(EXAMPLE.length() + 2);
    assertThat(bytes[3]).isEqualTo((byte) 0xC3);
  }

  @Test
  void shouldPercentEncodeEverythingButUnreservedCharacters() {
    assertThat(RequestArbitraries.encode("a/b %\u00e9.~")).isEqualTo("a%2Fb%20%25%C3%A9.~");
  }

  private static String text(byte[] bytes) {
    return new String(bytes, StandardCharsets.UTF_8);
  }
}
