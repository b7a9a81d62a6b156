package io.vigil.core.chain;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.InputStream;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.web3j.abi.FunctionEncoder;
import org.web3j.abi.datatypes.DynamicBytes;
import org.web3j.abi.datatypes.Function;

/** The hand-written hub function names and state tuple match the committed ABI. */
class HubFunctionsTest {

  static JsonNode abi() throws Exception {
    try (InputStream in =
        HubFunctionsTest.class.getClassLoader().getResourceAsStream("contracts/ChannelHub.abi")) {
      return new ObjectMapper().readTree(in);
    }
  }

  @Test
  void shouldNameFunctionsTheAbiHas() throws Exception {
    List<String> functions = new ArrayList<>();
    for (JsonNode entry : abi()) {
      if ("function".equals(entry.path("type").asText())) {
        functions.add(entry.path("name").asText());
      }
    }
    assertThat(functions)
        .contains(
            HubFunctions.DISPUTE,
            HubFunctions.SETTLE,
            HubFunctions.WITHDRAW,
            HubFunctions.CLOSE,
            HubFunctions.CHECKPOINT,
            HubFunctions.COOPERATIVE_CLOSE);
  }

  @Test
  void shouldEncodeTheStateTupleAsTheAbiDeclaresIt() {
    byte[] sig = new byte[65];
    String close =
        FunctionEncoder.encode(
            new Function(
                HubFunctions.CLOSE,
                List.of(
                    HubFunctions.state(
                        new byte[32], BigInteger.TWO, BigInteger.ONE, BigInteger.TEN),
                    new DynamicBytes(sig),
                    new DynamicBytes(sig)),
                List.of()));
    assertThat(close).startsWith(HubAbi.hub().selector(HubFunctions.CLOSE).orElseThrow());
    // channelId, nonce, balanceA, balanceB inline, then the two offsets.
    assertThat(close.substring(10 + 64, 10 + 128)).endsWith("2");
    assertThat(close.substring(10 + 192, 10 + 256)).endsWith("a");
  }

  @Test
  void shouldReadEventTopicsAndErrorSelectorsFromTheAbi() {
    assertThat(HubAbi.hub().eventTopic("Disputed")).get().asString().startsWith("0x").hasSize(66);
    assertThat(HubAbi.hub().eventTopic("NoSuchEvent")).isEmpty();
    assertThat(HubAbi.hub().function(HubAbi.hub().selector(HubFunctions.DISPUTE).orElseThrow()))
        .isEqualTo(HubFunctions.DISPUTE);
    assertThat(HubError.selector("NonceNotHigher")).startsWith("0x").hasSize(10);
  }

  @Test
  void shouldGiveAReadableReasonForEachKindOfRevert() {
    String errorString =
        "0x08c379a0"
            + "0000000000000000000000000000000000000000000000000000000000000020"
            + "0000000000000000000000000000000000000000000000000000000000000002"
            + "6e6f000000000000000000000000000000000000000000000000000000000000";
    assertThat(HubError.reason(errorString, "execution reverted")).isEqualTo("reverted: no");
    assertThat(
            HubError.reason(
                "0x4e487b71" + "0000000000000000000000000000000000000000000000000000000000000011",
                null))
        .isEqualTo("panic 0x11");
    assertThat(HubError.reason(null, "execution reverted")).isEqualTo("execution reverted");
    assertThat(HubError.reason(null, "out of gas")).isEqualTo("reverted: out of gas");
    assertThat(HubError.reason("0xdeadbeef01", null))
        .isEqualTo("reverted: custom error 0xdeadbeef args 0x01");
    String unknownChannel = HubError.selector("UnknownChannel") + "00".repeat(32);
    assertThat(HubError.reason(unknownChannel, "execution reverted")).contains("UnknownChannel");
  }
}
