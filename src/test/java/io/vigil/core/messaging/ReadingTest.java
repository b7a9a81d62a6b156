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
}
