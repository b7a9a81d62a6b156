package io.vigil.watcher;

import io.vigil.watcher.persistence.HeldState;

/** Encodes the call data of the hub functions the watcher asks the relay to send. */
public interface HubCalls {

  /** The hub contract address (lower-case 0x). */
  String hub();

  /** {@code dispute(state, sigA, sigB, hunterAuthSig)}; an empty authorization earns no bounty. */
  String dispute(HeldState state, byte[] hunterAuthorization);

  /** {@code settle(channelId)}. */
  String settle(String channelId);

  /** {@code withdraw()}. */
  String withdraw();
}
