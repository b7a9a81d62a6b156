package io.vigil.core.crypto;

import static org.assertj.core.api.Assertions.assertThat;

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
}
