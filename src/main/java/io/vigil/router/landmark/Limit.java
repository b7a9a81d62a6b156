package io.vigil.router.landmark;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Optional;

/**
 * An amount a route can carry, or no limit at all. Unlimited is its own value (stored as SQL NULL,
 * written as {@code "unlimited"} in JSON), never a large number standing in for infinity.
 *
 * @param amount the limit in whole units of the link's currency; null means unlimited
 */
public record Limit(Long amount) implements Comparable<Limit> {

  /** No limit: what a node announces for routes to itself. */
  public static final Limit UNLIMITED = new Limit(null);

  /** The JSON spelling of {@link #UNLIMITED}. */
  public static final String UNLIMITED_TEXT = "unlimited";

  public Limit {
    if (amount != null && amount < 0) {
      throw new IllegalArgumentException("a limit cannot be negative: " + amount);
    }
  }

  public static Limit of(long amount) {
    return new Limit(amount);
  }

  /** From a nullable column: null means unlimited. */
  public static Limit ofNullable(Long amount) {
    return amount == null ? UNLIMITED : new Limit(amount);
  }

  /**
   * Reads a JSON value: a non-negative integer or the text {@code unlimited}. Empty for anything
   * else (fractions, negatives, other text, a missing value).
   */
  public static Optional<Limit> parse(Object json) {
    if (json instanceof String text) {
      return UNLIMITED_TEXT.equals(text) ? Optional.of(UNLIMITED) : Optional.empty();
    }
    if (json instanceof Integer || json instanceof Long) {
      long value = ((Number) json).longValue();
      return value < 0 ? Optional.empty() : Optional.of(of(value));
    }
    return Optional.empty();
  }

  /** Reads a JSON value, refusing anything {@link #parse} does not accept. */
  @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
  static Limit fromJson(Object json) {
    return parse(json)
        .orElseThrow(
            () ->
                new IllegalArgumentException(
                    "a limit is a non-negative integer or \"unlimited\", not " + json));
  }

  public boolean isUnlimited() {
    return amount == null;
  }

  public boolean isZero() {
    return amount != null && amount == 0;
  }

  /** The smaller of the two; unlimited is larger than every amount. */
  public Limit min(Limit other) {
    return compareTo(other) <= 0 ? this : other;
  }

  /** True when this limit allows at least {@code value}. */
  public boolean covers(long value) {
    return amount == null || amount >= value;
  }

  @Override
  public int compareTo(Limit other) {
    if (isUnlimited()) {
      return other.isUnlimited() ? 0 : 1;
    }
    return other.isUnlimited() ? -1 : Long.compare(amount, other.amount);
  }

  @JsonValue
  public Object json() {
    return amount == null ? UNLIMITED_TEXT : amount;
  }

  @Override
  public String toString() {
    return amount == null ? UNLIMITED_TEXT : amount.toString();
  }
}
