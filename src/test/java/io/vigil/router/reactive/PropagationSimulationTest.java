package io.vigil.router.reactive;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PropagationSimulationTest {

  @Test
  void shouldReachEveryServerWithinEccentricityTimesFlushPlusPollWhenLiquidityIsAmple() {
    PropagationSimulation network = new PropagationSimulation(50, 4, 0.2, 1000, 500, 3);

    for (int origin = 0; origin < 50; origin += 10) {
      PropagationSimulation.Run run =
          network.originate(origin, String.format("0x%064x", origin + 1));

      assertThat(run.reached()).isEqualTo(50);
      assertThat(run.secondsToFarthest()).isLessThanOrEqualTo(run.eccentricity() * 1.5);
      // each server other than the origin first heard of it through at least one message
      assertThat(run.messages()).isGreaterThanOrEqualTo(49);
    }
  }

  @Test
  void shouldBuildTheSameNetworkWhenTheSeedIsTheSame() {
    PropagationSimulation first = new PropagationSimulation(60, 4, 0.2, 1000, 500, 7);
    PropagationSimulation second = new PropagationSimulation(60, 4, 0.2, 1000, 500, 7);

    assertThat(first.links()).isEqualTo(second.links());
    assertThat(first.diameter()).isEqualTo(second.diameter());
    assertThat(first.originate(5, "0x" + "11".repeat(32)))
        .isEqualTo(second.originate(5, "0x" + "11".repeat(32)));
  }
}
