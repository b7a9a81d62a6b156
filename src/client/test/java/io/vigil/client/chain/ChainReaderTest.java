package io.vigil.client.chain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vigil.client.ErrorCode;
import io.vigil.client.VigilClientException;
import io.vigil.client.hub.Fees;
import io.vigil.client.hub.HubTransactions;
import io.vigil.core.channel.ChannelId;
import io.vigil.core.crypto.Address;
import java.math.BigInteger;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.web3j.abi.FunctionEncoder;
import org.web3j.abi.datatypes.Type;
import org.web3j.abi.datatypes.generated.Uint256;
import org.web3j.abi.datatypes.generated.Uint64;
import org.web3j.abi.datatypes.generated.Uint8;

class ChainReaderTest {

  private static final Address HUB = Address.of("0x" + "5f".repeat(20));
  private static final Address A = Address.of("0x" + "aa".repeat(20));
  private static final Address B = Address.of("0x" + "bb".repeat(20));
  private static final ChannelId CHANNEL = ChannelId.of("0x" + "cd".repeat(32));

  @Test
  void shouldDecodeTheHubsChannelInfoFieldByField() throws Exception {
    @SuppressWarnings("rawtypes")
    List<Type> words =
        List.of(
            address(A),
            address(B),
            new Uint256(100),
            new Uint256(50),
            new Uint256(7),
            new Uint64(3600),
            new Uint64(4),
            new Uint64(1_700_000_000L),
            new Uint8(2),
            address(B),
            new Uint256(60),
            new Uint256(90),
            address(A));
    AtomicReference<String> asked = new AtomicReference<>();
    try (FakeNode node =
        new FakeNode()
            .result(
                "eth_call",
                params -> {
                  asked.set(params.get(0).get("data").asText());
                  return "\"0x" + FunctionEncoder.encodeConstructor(words) + "\"";
                })) {
      ChannelInfo info = ChainReader.of(node.url()).channel(HUB, CHANNEL);

      assertThat(asked.get())
          .isEqualTo(HubTransactions.selector("channels(bytes32)") + CHANNEL.hex().substring(2));
      assertThat(info)
          .isEqualTo(
              new ChannelInfo(
                  A,
                  B,
                  BigInteger.valueOf(100),
                  BigInteger.valueOf(50),
                  BigInteger.valueOf(7),
                  3600,
                  4,
                  1_700_000_000L,
                  ChannelStatus.CLOSING,
                  B,
                  BigInteger.valueOf(60),
                  BigInteger.valueOf(90),
                  A));
      assertThat(info.totalDeposits()).isEqualTo(BigInteger.valueOf(150));
    }
  }

  @Test
  void shouldFindTheOpenedChannelInTheReceiptsLogs() throws Exception {
    String receipt =
        "{\"transactionHash\":\"0x"
            + "11".repeat(32)
            + "\",\"status\":\"0x1\",\"blockNumber\":\"0x10\","
            + "\"gasUsed\":\"0x5208\",\"effectiveGasPrice\":\"0x2\",\"logs\":["
            + log(Address.of("0x" + "99".repeat(20)), HubAbi.CHANNEL_OPENED, "0x" + "ee".repeat(32))
            + ","
            + log(HUB, HubAbi.CHANNEL_OPENED, CHANNEL.hex())
            + "]}";
    try (FakeNode node = new FakeNode().result("eth_getTransactionReceipt", params -> receipt)) {
      Receipt read = ChainReader.of(node.url()).receipt("0x" + "11".repeat(32)).orElseThrow();
      assertThat(read.succeeded()).isTrue();
      assertThat(read.blockNumber()).isEqualTo(16);
      assertThat(read.fee()).isEqualTo(BigInteger.valueOf(42_000));
      // The log of another contract with the same event is not the hub's.
      assertThat(ChainReader.openedChannel(read, HUB)).contains(CHANNEL);
    }
    try (FakeNode node = new FakeNode().result("eth_getTransactionReceipt", params -> "null")) {
      assertThat(ChainReader.of(node.url()).receipt("0x" + "11".repeat(32))).isEmpty();
    }
  }

  @Test
  void shouldSuggestTwiceTheBaseFeePlusATip() throws Exception {
    try (FakeNode node =
        new FakeNode()
            .result("eth_getBlockByNumber", params -> "{\"baseFeePerGas\":\"0x3b9aca00\"}")
            .error("eth_maxPriorityFeePerGas", -32601, "method not found")) {
      assertThat(ChainReader.of(node.url()).suggestFees())
          .isEqualTo(Fees.of(BigInteger.valueOf(3_000_000_000L), ChainReader.DEFAULT_TIP));
    }
  }

  @Test
  void shouldTellARevertFromANodeFailure() throws Exception {
    try (FakeNode node =
        new FakeNode()
            .error("eth_call", 3, "execution reverted: UnknownChannel")
            .error("eth_chainId", -32000, "overloaded")) {
      ChainReader chain = ChainReader.of(node.url());
      assertThatThrownBy(() -> chain.channel(HUB, CHANNEL))
          .isInstanceOfSatisfying(
              VigilClientException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.REVERTED))
          .hasMessageContaining("UnknownChannel");
      assertThatThrownBy(chain::chainId)
          .isInstanceOfSatisfying(
              VigilClientException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.CHAIN));
    }
    assertThatThrownBy(() -> ChainReader.of("http://127.0.0.1:9").chainId())
        .isInstanceOfSatisfying(
            VigilClientException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.CHAIN));
  }

  static String log(Address address, String topic0, String topic1) {
    return "{\"address\":\""
        + address.hex()
        + "\",\"topics\":[\""
        + topic0
        + "\",\""
        + topic1
        + "\"],\"data\":\"0x\",\"blockNumber\":\"0x10\",\"transactionHash\":\"0x"
        + "11".repeat(32)
        + "\",\"logIndex\":\"0x0\"}";
  }

  private static org.web3j.abi.datatypes.Address address(Address address) {
    return new org.web3j.abi.datatypes.Address(address.hex());
  }
}
