package io.vigil.client.hunter;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.client.chain.ChainReader;
import io.vigil.client.chain.FakeNode;
import io.vigil.client.chain.HubAbi;
import io.vigil.core.channel.ChannelId;
import io.vigil.core.crypto.Address;
import java.math.BigInteger;
import org.junit.jupiter.api.Test;

class HunterLedgerTest {

  private static final Address HUB = Address.of("0x" + "5f".repeat(20));
  private static final Address HUNTER = Address.of("0x" + "4e".repeat(20));
  private static final Address OTHER = Address.of("0x" + "0b".repeat(20));
  private static final ChannelId SETTLED = ChannelId.of("0x" + "01".repeat(32));
  private static final ChannelId OPEN_DISPUTE = ChannelId.of("0x" + "02".repeat(32));
  private static final ChannelId NOT_OURS = ChannelId.of("0x" + "03".repeat(32));

  @Test
  void shouldCountOnlyTheBountiesAndWithdrawalsOfTheHunter() throws Exception {
    try (FakeNode node =
        new FakeNode()
            .result(
                "eth_getLogs",
                params -> {
                  String topic = params.get(0).get("topics").get(0).asText();
                  if (topic.equals(HubAbi.DISPUTED)) {
                    return "["
                        + log(2, SETTLED.hex(), HubAbi.addressTopic(HUNTER), word(2) + word(HUNTER))
                        + ","
                        + log(
                            3,
                            OPEN_DISPUTE.hex(),
                            HubAbi.addressTopic(HUNTER),
                            word(5) + word(HUNTER))
                        + ","
                        + log(4, NOT_OURS.hex(), HubAbi.addressTopic(OTHER), word(3) + word(OTHER))
                        + "]";
                  }
                  if (topic.equals(HubAbi.SETTLED)) {
                    return "["
                        + log(
                            5,
                            SETTLED.hex(),
                            null,
                            word(500) + word(400) + word(100) + word(HUNTER))
                        + ","
                        + log(6, NOT_OURS.hex(), null, word(1) + word(2) + word(30) + word(OTHER))
                        + "]";
                  }
                  assertThat(params.get(0).get("topics").get(1).asText())
                      .isEqualTo(HubAbi.addressTopic(HUNTER));
                  return "[" + log(7, HubAbi.addressTopic(HUNTER), null, word(100)) + "]";
                })
            .result("eth_call", params -> "\"0x" + "0".repeat(62) + "0a\"")) {
      HunterStatus status = new HunterLedger(ChainReader.of(node.url()), HUB).status(HUNTER, 0);

      assertThat(status.disputes())
          .extracting(HunterStatus.Dispute::channelId)
          .containsExactly(SETTLED, OPEN_DISPUTE);
      assertThat(status.disputes().get(1).nonce()).isEqualTo(5);
      assertThat(status.bounties())
          .singleElement()
          .satisfies(
              b -> {
                assertThat(b.channelId()).isEqualTo(SETTLED);
                assertThat(b.amount()).isEqualTo(BigInteger.valueOf(100));
              });
      assertThat(status.earned()).isEqualTo(BigInteger.valueOf(100));
      assertThat(status.withdrawn()).isEqualTo(BigInteger.valueOf(100));
      assertThat(status.withdrawable()).isEqualTo(BigInteger.TEN);
      assertThat(status.awaitingSettlement()).containsExactly(OPEN_DISPUTE);
    }
  }

  private static String log(long block, String topic1, String topic2, String data) {
    return "{\"address\":\""
        + HUB.hex()
        + "\",\"topics\":[\"0x00\",\""
        + topic1
        + "\""
        + (topic2 == null ? "" : ",\"" + topic2 + "\"")
        + "],\"data\":\"0x"
        + data
        + "\",\"blockNumber\":\"0x"
        + Long.toHexString(block)
        + "\",\"transactionHash\":\"0x"
        + "11".repeat(32)
        + "\",\"logIndex\":\"0x0\"}";
  }

  private static String word(long value) {
    String hex = Long.toHexString(value);
    return "0".repeat(64 - hex.length()) + hex;
  }

  private static String word(Address address) {
    return "0".repeat(24) + address.hex().substring(2);
  }
}
