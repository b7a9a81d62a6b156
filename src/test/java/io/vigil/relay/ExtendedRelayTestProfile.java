package io.vigil.relay;

import io.vigil.testsupport.ProfileConfig;
import java.util.Map;

/** The relay tests' application with a few settings of its own, given as properties lines. */
public abstract class ExtendedRelayTestProfile extends RelayTestProfile {

  private final String properties;

  protected ExtendedRelayTestProfile(String properties) {
    this.properties = properties;
  }

  @Override
  public Map<String, String> getConfigOverrides() {
    return ProfileConfig.extend(super.getConfigOverrides(), properties);
  }
}
