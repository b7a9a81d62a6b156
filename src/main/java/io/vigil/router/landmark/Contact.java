package io.vigil.router.landmark;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;

/**
 * A hosted user's link to one contact, as that user sees it, and the capacity it gives in each
 * direction.
 *
 * @param user the hosted user who owns this view of the link
 * @param contact the other end
 * @param server base URL of the Vigil server hosting the contact; null when hosted on this server
 * @param serverKey the address (lower-case {@code 0x} hex) whose signature that server's ROUTING
 *     messages must carry, pinned when the contact is added; null when hosted on this server
 * @param terms the trustline or channel balances behind the capacities
 */
public record Contact(String user, String contact, String server, String serverKey, Terms terms) {

  /** A contact whose server has no pinned key: one hosted here, or a draft before pinning. */
  public Contact(String user, String contact, String server, Terms terms) {
    this(user, contact, server, null, terms);
  }

  /**
   * Largest trust, pending payment or channel balance, and largest debt either way (10^18). Within
   * it every capacity (at most 2 × 10^18 in size) and every balance after a transfer fits a long.
   */
  public static final long MAX_AMOUNT = 1_000_000_000_000_000_000L;

  /** cap(user → contact): what the user can still send the contact over this link. */
  @JsonIgnore
  public long capacityOut() {
    return terms.capacityOut();
  }

  /** cap(contact → user): what the contact can still send the user over this link. */
  @JsonIgnore
  public long capacityIn() {
    return terms.capacityIn();
  }

  public Contact withTerms(Terms changed) {
    return new Contact(user, contact, server, serverKey, changed);
  }

  public Contact withServerKey(String key) {
    return new Contact(user, contact, server, key, terms);
  }

  /** The balances behind a link's capacities. */
  @JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "kind")
  @JsonSubTypes({
    @JsonSubTypes.Type(value = Trustline.class, name = "TRUSTLINE"),
    @JsonSubTypes.Type(value = Channel.class, name = "CHANNEL")
  })
  public sealed interface Terms permits Trustline, Channel {
    long capacityOut();

    long capacityIn();

    /** The same link after the user sent ({@code amount > 0}) or received ({@code < 0}) value. */
    Terms afterTransfer(long amount);
  }

  /**
   * A trustline. cap(user → contact) = trust the contact extends − the user's net debt − the user's
   * pending payments; cap(contact → user) = trust the user extends + the user's net debt − the
   * contact's pending payments. The arithmetic is exact: a result outside a long throws instead of
   * wrapping (values within {@link #MAX_AMOUNT} never get there).
   *
   * @param trustGiven trust the user extends to the contact
   * @param trustReceived trust the contact extends to the user
   * @param debt the user's net debt to the contact; negative when the contact owes the user
   * @param pendingOut the user's pending (not yet settled) payments to the contact
   * @param pendingIn the contact's pending payments to the user
   */
  public record Trustline(
      long trustGiven, long trustReceived, long debt, long pendingOut, long pendingIn)
      implements Terms {
    @Override
    public long capacityOut() {
      return Math.subtractExact(Math.subtractExact(trustReceived, debt), pendingOut);
    }

    @Override
    public long capacityIn() {
      return Math.subtractExact(Math.addExact(trustGiven, debt), pendingIn);
    }

    @Override
    public Terms afterTransfer(long amount) {
      return new Trustline(
          trustGiven, trustReceived, Math.addExact(debt, amount), pendingOut, pendingIn);
    }
  }

  /**
   * A payment channel: each side can send what it holds in the channel.
   *
   * @param spendableOut the user's spendable balance toward the contact
   * @param spendableIn the contact's spendable balance toward the user
   */
  public record Channel(long spendableOut, long spendableIn) implements Terms {
    @Override
    public long capacityOut() {
      return spendableOut;
    }

    @Override
    public long capacityIn() {
      return spendableIn;
    }

    @Override
    public Terms afterTransfer(long amount) {
      return new Channel(
          Math.subtractExact(spendableOut, amount), Math.addExact(spendableIn, amount));
    }
  }
}
