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

  /**
   * How far above the last sequence number received from a contact an inbound ROUTING message's may
   * be; further is refused (409). A sender numbers its messages to each contact 1, 2, 3… and keeps
   * the counter in its database, so its gaps are messages this server refused (for example while
   * the sender was not yet its user's contact), at most one per window: 1000 windows are more than
   * 8 hours at the default 30 s. A bound keeps one message numbered near {@code 2^63} from turning
   * every later genuine message into a duplicate.
   */
  @WithDefault("1000")
  long maxSequenceJump();

  /** Most users this server hosts; adding one more is refused with a 400 problem. */
  @WithDefault("100000")
  long maxUsers();

  /** Most contacts one hosted user has; adding one more is refused with a 400 problem. */
  @WithDefault("500")
  int maxContactsPerUser();

  /**
   * Most landmarks in one hosted user's routing table. A ROUTING entry for a landmark the table
   * does not hold yet is not stored (nor forwarded) once the table holds this many, as a route
   * longer than {@code max-hops} is not.
   */
  @WithDefault("256")
  int maxLandmarksPerUser();
}
