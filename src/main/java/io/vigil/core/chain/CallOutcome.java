package io.vigil.core.chain;

import java.util.Optional;

/** What a simulated call (eth_call) did: returned data, or reverted with an error. */
public sealed interface CallOutcome {

  /** The call returned; {@code data} is the ABI-encoded return value. */
  record Returned(String data) implements CallOutcome {}

  /**
   * The call reverted. {@code data} is the raw revert data ({@code 0x} when none), {@code error}
   * its decoding when it is one of the hub's custom errors.
   */
  record Reverted(String data, Optional<HubError> error, String message) implements CallOutcome {

    /** The hub error's name, or the node's message when the revert is not a hub error. */
    public String reason() {
      return error.map(HubError::name).orElse(message);
    }
  }
}
