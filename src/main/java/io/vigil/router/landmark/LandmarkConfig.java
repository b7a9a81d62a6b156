package io.vigil.router.landmark;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** Settings of landmark routing for hosted users (router role). */
@ConfigMapping(prefix = "vigil.landmark")
public interface LandmarkConfig {

  /**
   * How long received ROUTING information is collected before it is forwarded; all changes of one
   * window go to each contact as one combined message.
   */
  @WithDefault("30s")
  Duration window();

  /**
   * Longest route, in links from the table owner to the landmark, that is stored or forwarded.
   * Bounds table size on large graphs; the seed's example needs 3.
   */
  @WithDefault("6")
  int maxHops();

  /** Time allowed for one HTTP delivery of a ROUTING message to another Vigil server. */
  @WithDefault("5s")
  Duration deliveryTimeout();
}
