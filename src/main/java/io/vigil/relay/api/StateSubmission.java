package io.vigil.relay.api;

import io.vigil.core.api.channel.SignedStateForm;
import io.vigil.core.api.channel.StateForm;

/**
 * A co-signed channel state for Vigil to post from its own account, in the wire form every API
 * shares ({@link SignedStateForm}).
 *
 * @param action {@code close}, {@code checkpoint} or {@code cooperativeClose}
 * @param state the state both parties signed; numbers as decimal strings (JSON numbers accepted)
 * @param sigA party A's EIP-712 signature (0x, 65 bytes); may be empty for a close at nonce 0
 * @param sigB party B's EIP-712 signature (0x, 65 bytes); may be empty for a close at nonce 0
 */
public record StateSubmission(String action, StateForm state, String sigA, String sigB)
    implements SignedStateForm {}
