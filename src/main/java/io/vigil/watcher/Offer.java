package io.vigil.watcher;

import io.vigil.core.channel.SignedState;

/**
 * A delegation whose fields are well formed, before any signature is checked: the co-signed state,
 * the hunter it authorizes (lower-case 0x hex) and the client's authorization signature.
 */
record Offer(SignedState signed, String hunter, byte[] authSig) {

  /** The channel's id, lower-case 0x hex. */
  String channelId() {
    return signed.state().channelId().hex();
  }
}
