package io.vigil.watcher;

import io.vigil.core.api.ProblemException;
import io.vigil.core.api.channel.StateFields;
import io.vigil.core.channel.SignedState;
import io.vigil.core.crypto.Signature;
import io.vigil.watcher.Delegation.HunterAuthorization;
import jakarta.ws.rs.core.Response;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Parses a delegation as sent into an {@link Offer}: every field present and well formed as {@link
 * StateFields} says (the same limits as every API that takes a signed state), on this watcher's
 * chain and naming its hunter. A refusal is a 400 {@link ProblemException} naming the first field
 * at fault. Pure.
 */
final class DelegationParser {

  private final Optional<Long> chainId;
  private final Supplier<String> hunter;

  /**
   * @param chainId the chain this watcher follows, if configured
   * @param hunter this watcher's hunter address, lower-case (asked only when a body names one)
   */
  DelegationParser(Optional<Long> chainId, Supplier<String> hunter) {
    this.chainId = chainId;
    this.hunter = hunter;
  }

  /** The offer, or throws a {@link ProblemException} naming the field at fault. */
  Offer parse(Delegation body) {
    if (body == null) {
      throw ProblemException.invalidField("body", "a JSON object is required");
    }
    if (body.chainId() == null) {
      throw ProblemException.invalidField("chainId", "required");
    }
    if (chainId.isPresent() && !chainId.get().equals(body.chainId())) {
      throw ProblemException.of(
          Response.Status.BAD_REQUEST,
          "unknown-chain",
          "chainId: this watcher follows chain " + chainId.get() + ", not " + body.chainId(),
          "chainId");
    }
    SignedState signed = StateFields.signedState(body);
    HunterAuthorization auth = body.hunterAuthorization();
    if (auth == null) {
      throw ProblemException.invalidField("hunterAuthorization", "required");
    }
    String named = StateFields.address(auth.hunter(), "hunterAuthorization.hunter").hex();
    String ours = hunter.get();
    if (!named.equals(ours)) {
      throw ProblemException.invalidField(
          "hunterAuthorization.hunter", "must name this watcher's hunter " + ours);
    }
    Signature authSig = StateFields.signature(auth.signature(), "hunterAuthorization.signature");
    return new Offer(signed, named, authSig.toBytes());
  }
}
