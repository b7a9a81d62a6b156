package io.vigil.client.relay;

import io.vigil.client.VigilClientException;

/** What one relay answered to a submission: accepted (new or a repeat), or not. */
public sealed interface RelayAnswer {

  String relay();

  /** Stored by the relay; {@code repeat} when it held the same submission already. */
  record Accepted(String relay, RelayStatus status, boolean repeat) implements RelayAnswer {}

  /** Refused, or the relay could not be reached; {@code failure} says which and why. */
  record NotAccepted(String relay, VigilClientException failure) implements RelayAnswer {}
}
