package io.vigil.core.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import org.junit.jupiter.api.Test;

class ReadingTest {

  record Sample(String name, long count) {}

  private final ObjectReader reader = new ObjectMapper().readerFor(Sample.class);

  @Test
  void shouldReadAValueOfTheTypeWhenTheRecordIsJsonOfIt() {
    assertThat(Reading.<Sample>parse("{\"name\":\"a\",\"count\":2}", 100, reader))
        .isEqualTo(Reading.usable(new Sample("a", 2)));
  }

  @Test
  void shouldRefuseToParseAValueOverTheLimit() {
    String big = "{\"name\":\"" + "x".repeat(200) + "\",\"count\":1}";

    assertThat(Reading.<Sample>parse(big, 100, reader))
        .isInstanceOfSatisfying(
            Reading.Unusable.class,
            unusable -> {
              assertThat(unusable.poison()).isEqualTo(Poison.OVERSIZED);
              assertThat(unusable.reason()).contains("100 bytes");
            });
  }

  @Test
  void shouldCountUtf8BytesNotCharactersAgainstTheLimit() {
    // 40 characters, 120 bytes in UTF-8.
    String wide = "{\"name\":\"" + "€".repeat(40) + "\",\"count\":1}";
    assertThat(wide.length()).isLessThan(100);

    assertThat(Reading.<Sample>parse(wide, 100, reader))
        .extracting(r -> ((Reading.Unusable<Sample>) r).poison())
        .isEqualTo(Poison.OVERSIZED);
  }

  @Test
  void shouldTakeATombstoneNullOrGarbageForMalformed() {
    for (String payload : new String[] {null, "null", "{not json", "[1,2]", "{\"count\":\"x\"}"}) {
      assertThat(Reading.<Sample>parse(payload, 100, reader))
          .as(payload)
          .isInstanceOfSatisfying(
              Reading.Unusable.class,
              unusable -> assertThat(unusable.poison()).isEqualTo(Poison.MALFORMED));
    }
  }

  @Test
  void shouldTakeTrailingContentForMalformed() {
    assertThat(Reading.<Sample>parse("{\"name\":\"a\",\"count\":2} {}", 100, reader))
        .isInstanceOf(Reading.Unusable.class);
  }

  @Test
  void shouldPassAUsableValueToTheCheckAndKeepAnUnusableOne() {
    Reading<Sample> refused =
        Reading.usable(new Sample("a", 1))
            .then(s -> Reading.unusable(Poison.REFUSED, "not " + s.name()));
    Reading<Sample> kept =
        Reading.<Sample>unusable(Poison.MALFORMED, "bad").then(s -> Reading.usable(s));

    assertThat(refused).isEqualTo(Reading.unusable(Poison.REFUSED, "not a"));
    assertThat(kept).isEqualTo(Reading.unusable(Poison.MALFORMED, "bad"));
  }

  record Typed(
      String text,
      long count,
      boolean flag,
      java.math.BigInteger amount,
      Poison poison,
      java.util.Map<String, String> fields) {}

  private final ObjectReader strict = Reading.strict(new ObjectMapper()).readerFor(Typed.class);

  private static final String TYPED =
      "{\"text\":\"a\",\"count\":2,\"flag\":true,\"amount\":10,\"poison\":\"REFUSED\","
          + "\"fields\":{\"k\":\"v\"}}";

  /** {@link #TYPED} with {@code field} set to the JSON {@code value}, or removed when null. */
  private static String typedWith(String field, String value) {
    try {
      var mapper = new ObjectMapper();
      var root = (com.fasterxml.jackson.databind.node.ObjectNode) mapper.readTree(TYPED);
      if (value == null) {
        root.remove(field);
      } else {
        root.set(field, mapper.readTree(value));
      }
      return mapper.writeValueAsString(root);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  @Test
  void shouldReadARecordStrictlyWhenEveryFieldIsThereAsItsType() {
    assertThat(Reading.<Typed>parse(TYPED, 1_000, strict))
        .isEqualTo(
            Reading.usable(
                new Typed(
                    "a",
                    2,
                    true,
                    java.math.BigInteger.TEN,
                    Poison.REFUSED,
                    java.util.Map.of("k", "v"))));
    assertThat(Reading.<Typed>parse(typedWith("text", "null"), 1_000, strict))
        .isInstanceOf(Reading.Usable.class);
    assertThat(Reading.<Typed>parse(typedWith("unknown", "[1]"), 1_000, strict))
        .isInstanceOf(Reading.Usable.class);
  }

  @Test
  void shouldTakeAMissingFieldOrAScalarOfAnotherTypeForMalformedWhenReadStrictly() {
    // Each of these was read (a missing flag as false, 1.5 as 1, "12" as 12, ...) and applied.
    String[][] cases = {
      {"count", null},
      {"flag", null},
      {"text", null},
      {"amount", null},
      {"fields", null},
      {"count", "null"},
      {"flag", "null"},
      {"count", "1.5"},
      {"count", "\"12\""},
      {"count", "true"},
      {"flag", "1"},
      {"flag", "\"true\""},
      {"amount", "1e3"},
      {"amount", "\"10\""},
      {"amount", "0.5"},
      {"text", "5"},
      {"text", "true"},
      {"text", "[\"a\"]"},
      {"poison", "1"},
      {"poison", "\"\""},
      {"fields", "{\"k\":5}"},
      {"count", "[2]"},
    };
    for (String[] c : cases) {
      assertThat(Reading.<Typed>parse(typedWith(c[0], c[1]), 1_000, strict))
          .as(c[0] + " = " + c[1])
          .isInstanceOfSatisfying(
              Reading.Unusable.class,
              unusable -> assertThat(unusable.poison()).isEqualTo(Poison.MALFORMED));
    }
  }

  @Test
  void shouldTakeAFieldNamedTwiceForMalformedWhenReadStrictly() {
    String twice = TYPED.substring(0, TYPED.length() - 1) + ",\"count\":3}";

    assertThat(Reading.<Typed>parse(twice, 1_000, strict)).isInstanceOf(Reading.Unusable.class);
  }
}
