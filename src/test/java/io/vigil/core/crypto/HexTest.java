package io.vigil.core.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class HexTest {

  @Test
  void shouldAcceptExactlyTheGivenNumberOfDigitsAfterThePrefix() {
    assertThat(Hex.isLowerHex("0x00ff", 4)).isTrue();
    assertThat(Hex.isLowerHex("0x00f", 4)).isFalse();
    assertThat(Hex.isLowerHex("0x00fff", 4)).isFalse();
    assertThat(Hex.isLowerHex("00ff", 2)).isFalse();
    assertThat(Hex.isLowerHex("0X00ff", 4)).isFalse();
    assertThat(Hex.isLowerHex(null, 4)).isFalse();
  }

  @Test
  void shouldTellLowerCaseFromAnyCaseAndRefuseOtherCharacters() {
    assertThat(Hex.isLowerHex("0xABCD", 4)).isFalse();
    assertThat(Hex.isHex("0xABcd", 4)).isTrue();
    assertThat(Hex.isHex("0xabcg", 4)).isFalse();
    assertThat(Hex.isHex("0x12 4", 4)).isFalse();
    // digits of other scripts are not hex, though Character.digit would take them
    assertThat(Hex.isHex("0x12\u0663" + "4", 4)).isFalse();
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
