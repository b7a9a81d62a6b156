package io.vigil.core.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class HexTest {

  @ParameterizedTest(name = "{0} with {1} digits")
  @CsvSource(
      delimiter = '|',
      nullValues = "null",
      textBlock =
          """
          0x00ff  | 4 | true
          0x00f   | 4 | false
          0x00fff | 4 | false
          00ff    | 2 | false
          0X00ff  | 4 | false
          null    | 4 | false
          """)
  void shouldAcceptExactlyTheGivenNumberOfDigitsAfterThePrefix(
      String value, int digits, boolean accepted) {
    assertThat(Hex.isLowerHex(value, digits)).isEqualTo(accepted);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          0xABCD     | false | true
          0xABcd     | false | true
          0xabcg     | false | false
          0x12 4     | false | false
          # digits of other scripts are not hex, though Character.digit would take them
          0x12\u06634 | false | false
          """)
  void shouldTellLowerCaseFromAnyCaseAndRefuseOtherCharacters(
      String value, boolean lowerHex, boolean hex) {
    assertThat(Hex.isLowerHex(value, 4)).isEqualTo(lowerHex);
    assertThat(Hex.isHex(value, 4)).isEqualTo(hex);
  }

  @Test
  void shouldNormalizeEncodeAndDecodeForTheValueTypes() {
    assertThat(Hex.normalized(" 0xAB ", "a value")).isEqualTo("0xab");
    assertThat(Hex.isHexIgnoringCase(" 0XAB ", 2)).isTrue();
    assertThat(Hex.isHexIgnoringCase(null, 2)).isFalse();
    assertThat(Hex.encode(new byte[] {1, (byte) 0xff}, 2, "a value")).isEqualTo("0x01ff");
    assertThat(Hex.decode("0x01ff")).containsExactly(1, 0xff);
    assertThatThrownBy(() -> Hex.normalized(null, "a value")).hasMessage("a value is missing");
    assertThatThrownBy(() -> Hex.encode(new byte[3], 2, "a value"))
        .hasMessage("a value has 2 bytes, not 3");
  }

  @Test
  void shouldKeepTheValueTypesJsonFormAsTheirHex() throws Exception {
    com.fasterxml.jackson.databind.ObjectMapper json =
        new com.fasterxml.jackson.databind.ObjectMapper();
    Address address = Address.of("0x" + "AB".repeat(20));
    io.vigil.core.channel.ChannelId id = io.vigil.core.channel.ChannelId.of(new byte[32]);
    Signature signature = Signature.parse("0x" + "11".repeat(64) + "1b");

    assertThat(json.writeValueAsString(address)).isEqualTo("\"0x" + "ab".repeat(20) + "\"");
    assertThat(json.writeValueAsString(id)).isEqualTo("\"0x" + "00".repeat(32) + "\"");
    assertThat(json.readValue(json.writeValueAsString(signature), Signature.class))
        .isEqualTo(signature);
    assertThat(json.readValue(json.writeValueAsString(id), io.vigil.core.channel.ChannelId.class))
        .isEqualTo(id);
  }
}
