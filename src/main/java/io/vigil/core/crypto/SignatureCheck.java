package io.vigil.core.crypto;

import java.util.Optional;

/** The outcome of checking a signature against the account that should have made it. */
public sealed interface SignatureCheck {

  /** The signature is well formed, low-s, and recovers to the expected account. */
  record Valid() implements SignatureCheck {}

  /** The signature recovers to another account, or to none. {@code party} is "A", "B" or a role. */
  record WrongSigner(String party, Address expected, Optional<Address> recovered)
      implements SignatureCheck {}

  /** The signature can never be accepted by the hub (for example its s is in the upper half). */
  record Malformed(String party, String reason) implements SignatureCheck {}

  static SignatureCheck valid() {
    return new Valid();
  }

  default boolean isValid() {
    return this instanceof Valid;
  }
}
