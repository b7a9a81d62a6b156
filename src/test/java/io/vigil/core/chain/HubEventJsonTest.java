package io.vigil.core.chain;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.vigil.core.channel.ChannelId;
import io.vigil.core.crypto.Address;
import java.math.BigInteger;
import org.junit.jupiter.api.Test;

class HubEventJsonTest {

  private final ObjectMapper json = new ObjectMapper();
  private final LogPosition at =
      LogPosition.of(42, "0x" + "ab".repeat(32), "0x" + "cd".repeat(32), 3);

  @Test
  void shouldRoundTripEventThroughJsonWithTypeName() throws Exception {
    HubEvent event =
        new HubEvent.CloseStarted(
            ChannelId.of("0x" + "0F".repeat(32)),
            Address.of("0x" + "11".repeat(20)),
            Address.of("0x" + "11".repeat(20)),
            Address.of("0x" + "22".repeat(20)),
            7,
            1_700_000_000L,
            at);

    String text = json.writeValueAsString(event);

    assertThat(text)
        .contains("\"type\":\"CloseStarted\"")
        .contains("\"channelId\":\"0x" + "0f".repeat(32) + "\"");
    assertThat(json.readValue(text, HubEvent.class)).isEqualTo(event);
  }

  @Test
  void shouldRoundTripEveryEventKind() throws Exception {
    ChannelId id = ChannelId.of("0x" + "01".repeat(32));
    Address a = Address.of("0x" + "0a".repeat(20));
    BigInteger one = BigInteger.ONE;
    for (HubEvent event :
        new HubEvent[] {
          new HubEvent.ChannelOpened(id, a, a, one, 60, one, at),
          new HubEvent.Deposited(id, a, one, one, at),
          new HubEvent.Checkpointed(id, 2, at),
          new HubEvent.Disputed(id, a, 3, a, at),
          new HubEvent.Settled(id, one, one, one, Address.ZERO, at),
          new HubEvent.CooperativelyClosed(id, 4, one, one, at),
          new HubEvent.Withdrawn(a, one, at)
        }) {
      assertThat(json.readValue(json.writeValueAsString(event), HubEvent.class)).isEqualTo(event);
    }
  }
}
