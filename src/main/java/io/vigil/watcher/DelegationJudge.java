package io.vigil.watcher;

import io.vigil.core.api.Problem;
import io.vigil.core.channel.ChannelState;
import io.vigil.watcher.persistence.HeldState;
import io.vigil.watcher.persistence.HeldStateRepository.PendingCount;
import io.vigil.watcher.persistence.WatchedChannel;
import jakarta.ws.rs.core.Response;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;

/**
 * Decides what to keep of one signed delegation, given what Vigil holds and what the chain shows: a
 * new state, a newer one, the same one again (perhaps with the other party's authorization), or a
 * refusal: stale or conflicting nonce, a closed channel, signers that are not the parties, a
 * channel outside the watch policy, a client over its quota, or too many states for channels not on
 * chain. Pure: no I/O, no clock but the instant it is given.
 */
final class DelegationJudge {

  private final WatchPolicy policy;
  private final Gatekeeper gatekeeper;
  private final Duration pendingExpiry;

  /**
   * @param gatekeeper only its quota and pending-cap checks are asked, which do no I/O
   * @param pendingExpiry how long a state for a channel not on chain is held
   */
  DelegationJudge(WatchPolicy policy, Gatekeeper gatekeeper, Duration pendingExpiry) {
    this.policy = policy;
    this.gatekeeper = gatekeeper;
    this.pendingExpiry = pendingExpiry;
  }

  /** What to do with one delegation. */
  sealed interface Decision {

    /**
     * Keep {@code state}.
     *
     * @param created true when the state is new or newer (201), false when already held (200)
     * @param write true when the state must be stored
     * @param newChannel true when the channel is new to the client's quota (and, while the channel
     *     is not on chain, to the states pending it)
     */
    record Keep(HeldState state, boolean created, boolean write, boolean newChannel)
        implements Decision {}

    /** Refused; nothing of it kept. */
    record Refuse(Refusal refusal) implements Decision {}
  }

  /**
   * @param held the state Vigil holds for the channel (counting earlier offers of the batch)
   * @param channel the channel as the chain shows it, empty when not seen on chain
   * @param watchedByClient channels the authorizing client has under watch (counting the batch)
   * @param pending states held for channels not on chain (counting the batch); only read when
   *     {@code held} and {@code channel} are both empty
   * @param acceptedAtBlock the block the receipt names
   */
  Decision decide(
      SignedOffer signed,
      Optional<HeldState> held,
      Optional<WatchedChannel> channel,
      long watchedByClient,
      PendingCount pending,
      long acceptedAtBlock,
      Instant now) {
    Offer offer = signed.offer();
    ChannelState state = offer.signed().state();
    String signerA = signed.signerA();
    String signerB = signed.signerB();
    String client = signed.client();
    Optional<Refusal> parties =
        channel.flatMap(
            known -> checkParties(known, signerA, signerB, state.balanceA(), state.balanceB()));
    if (parties.isPresent()) {
      return new Decision.Refuse(parties.get());
    }
    if (!client.equalsIgnoreCase(signerA) && !client.equalsIgnoreCase(signerB)) {
      return new Decision.Refuse(
          Refusal.invalidField(
              "hunterAuthorization.signature", "not signed by a party of the channel"));
    }
    boolean fromA = client.equalsIgnoreCase(signerA);
    HeldState offered =
        new HeldState(
            offer.channelId(),
            state.nonce(),
            state.balanceA(),
            state.balanceB(),
            offer.signed().signatureA().toBytes(),
            offer.signed().signatureB().toBytes(),
            signerA.toLowerCase(Locale.ROOT),
            signerB.toLowerCase(Locale.ROOT),
            fromA ? offer.authSig() : null,
            fromA ? null : offer.authSig(),
            client.toLowerCase(Locale.ROOT),
            acceptedAtBlock,
            now,
            channel.isPresent() ? Optional.empty() : Optional.of(now.plus(pendingExpiry)));
    if (held.isPresent() && state.nonce() <= held.get().nonce()) {
      return again(held.get(), offered);
    }
    // A channel not yet on chain is checked when it opens (Watcher#adoptPending).
    Optional<Refusal> outside = channel.flatMap(known -> admit(known, fromA, state));
    if (outside.isPresent()) {
      return new Decision.Refuse(outside.get());
    }
    if (held.isPresent()) {
      // newer: keep the other party's authorization if it still signs the state
      return new Decision.Keep(keepAuthorization(held.get(), offered), true, true, false);
    }
    if (gatekeeper.admitNewChannel(client, watchedByClient)
        instanceof Gatekeeper.Admission.Refused full) {
      return new Decision.Refuse(Refusal.limited(full));
    }
    if (channel.isEmpty()
        && gatekeeper.admitPending(pending.count(), pending.oldestExpiry(), now)
            instanceof Gatekeeper.Admission.Refused full) {
      return new Decision.Refuse(Refusal.limited(full));
    }
    return new Decision.Keep(offered, true, true, true);
  }

  /** An offer at or below the held nonce: the same state again, or a refusal. */
  private static Decision again(HeldState current, HeldState offered) {
    if (offered.nonce() < current.nonce()) {
      return conflict(
          "stale-nonce", "state.nonce", ": Vigil holds nonce " + current.nonce() + " already");
    }
    if (!current.sameStateAs(offered)) {
      return conflict(
          "conflicting-state",
          "state",
          ": a different state with nonce " + offered.nonce() + " is held");
    }
    HeldState merged = mergeAuthorization(current, offered);
    return new Decision.Keep(merged, false, merged != current, false);
  }

  /** A 409: the offer contradicts what Vigil holds. */
  private static Decision conflict(String type, String field, String detail) {
    return new Decision.Refuse(Refusal.of(Response.Status.CONFLICT, type, field + detail, field));
  }

  private static Optional<Refusal> checkParties(
      WatchedChannel channel,
      String signerA,
      String signerB,
      BigInteger balanceA,
      BigInteger balanceB) {
    if (channel.status().equals(WatchedChannel.SETTLED)
        || channel.status().equals(WatchedChannel.CLOSED)) {
      return Optional.of(
          Refusal.of(
              Response.Status.CONFLICT,
              "channel-closed",
              "state.channelId: the channel is " + channel.status().toLowerCase(Locale.ROOT),
              "state.channelId"));
    }
    boolean aIsA = signerA.equalsIgnoreCase(channel.partyA());
    boolean bIsB = signerB.equalsIgnoreCase(channel.partyB());
    if (!aIsA || !bIsB) {
      if (signerA.equalsIgnoreCase(channel.partyB())
          && signerB.equalsIgnoreCase(channel.partyA())) {
        return Optional.of(Refusal.invalidField("sigA", "sigA and sigB are swapped"));
      }
      return Optional.of(
          Refusal.invalidField(
              aIsA ? "sigB" : "sigA",
              "signed by "
                  + (aIsA ? signerB : signerA)
                  + ", who is not this party of the channel"));
    }
    // A state signed before a later deposit stays valid on the hub, so only an excess is refused.
    if (balanceA.add(balanceB).compareTo(channel.total()) > 0) {
      return Optional.of(
          Refusal.invalidField(
              "state.balanceA",
              "balanceA + balanceB exceeds the channel's deposits seen on chain ("
                  + channel.total()
                  + "); a deposit counts once it is confirmed"));
    }
    return Optional.empty();
  }

  /**
   * Refuses, with a 422 naming the field, a new or newer state of a channel the watcher cannot
   * protect for the party that delegated it.
   */
  private Optional<Refusal> admit(WatchedChannel channel, boolean fromA, ChannelState state) {
    if (policy.admit(channel, fromA, state.balanceA(), state.balanceB())
        instanceof WatchPolicy.Admission.Refused refused) {
      return Optional.of(
          new Refusal.Invalid(
              new Problem(
                  "urn:vigil:problem:" + WatchPolicy.REFUSED_TYPE,
                  "Unprocessable Content",
                  422,
                  refused.detail(),
                  refused.field())));
    }
    return Optional.empty();
  }

  private static HeldState mergeAuthorization(HeldState current, HeldState offered) {
    byte[] authA = current.hunterAuthA() != null ? current.hunterAuthA() : offered.hunterAuthA();
    byte[] authB = current.hunterAuthB() != null ? current.hunterAuthB() : offered.hunterAuthB();
    if (authA == current.hunterAuthA() && authB == current.hunterAuthB()) {
      return current;
    }
    return current.withAuthorizations(authA, authB);
  }

  private static HeldState keepAuthorization(HeldState current, HeldState offered) {
    byte[] authA = offered.hunterAuthA() != null ? offered.hunterAuthA() : current.hunterAuthA();
    byte[] authB = offered.hunterAuthB() != null ? offered.hunterAuthB() : current.hunterAuthB();
    return offered.withAuthorizations(authA, authB);
  }
}
