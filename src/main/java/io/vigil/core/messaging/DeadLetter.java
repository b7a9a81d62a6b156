package io.vigil.core.messaging;

/**
 * The failure a record is nacked with so that SmallRye's {@code dead-letter-queue} strategy writes
 * it to the channel's dead-letter topic: the message becomes the record's {@code
 * dead-letter-reason} header, and the cause, if any, its {@code dead-letter-cause} header.
 *
 * <p>An expected outcome, not a bug: it carries no stack trace.
 */
public final class DeadLetter extends RuntimeException {

  /** Longest reason written to a header; longer ones are cut. */
  static final int MAX_REASON = 500;

  private final Poison poison;

  private DeadLetter(Poison poison, String reason, Throwable cause) {
    super(poison.label() + ": " + bounded(reason), cause, false, false);
    this.poison = poison;
  }

  /** A record set aside for {@code poison}, with a reason an operator can act on. */
  public static DeadLetter of(Poison poison, String reason) {
    return new DeadLetter(poison, reason, null);
  }

  /** A record that kept failing; {@code last} is the last failure. */
  public static DeadLetter failing(String reason, Throwable last) {
    return new DeadLetter(Poison.FAILING, reason, last);
  }

  public Poison poison() {
    return poison;
  }

  private static String bounded(String reason) {
    String text = reason == null ? "(no reason)" : reason;
    return text.length() <= MAX_REASON ? text : text.substring(0, MAX_REASON) + "...";
  }
}
