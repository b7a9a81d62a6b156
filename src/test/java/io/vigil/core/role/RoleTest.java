package io.vigil.core.role;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vigil.chain.ChainProbe;
import java.util.EnumSet;
import java.util.List;
import org.junit.jupiter.api.Test;

class RoleTest {

  @Test
  void shouldSelectEveryRoleWhenAll() {
    assertThat(Role.parse(List.of("all"))).isEqualTo(EnumSet.allOf(Role.class));
  }

  @Test
  void shouldParseListIgnoringCaseAndSpaces() {
    assertThat(Role.parse(List.of(" Router", "watcher ")))
        .containsExactlyInAnyOrder(Role.ROUTER, Role.WATCHER);
  }

  @Test
  void shouldNameTheUnknownRole() {
    assertThatThrownBy(() -> Role.parse(List.of("router", "watchman")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'watchman'");
  }

  @Test
  void shouldRefuseAnEmptySelection() {
    assertThatThrownBy(() -> Role.parse(List.of(" ")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("no role selected");
  }

  @Test
  void shouldFindOwningRoleFromPackage() {
    assertThat(Role.owning(ChainProbe.class)).contains(Role.CHAIN);
    assertThat(Role.owning(RoleTest.class)).isEmpty();
  }

  @Test
  void shouldFindOwningRoleOfChannelFromItsFirstWord() {
    assertThat(RoleChannels.owner("watcher-channel-events")).contains(Role.WATCHER);
    assertThat(RoleChannels.owner("relay-tx-requests")).contains(Role.RELAY);
    assertThat(RoleChannels.owner("probe-in")).isEmpty();
    assertThat(RoleChannels.owner("events")).isEmpty();
  }
}
