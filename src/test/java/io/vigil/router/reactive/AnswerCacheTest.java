package io.vigil.router.reactive;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Bounds, validity and invalidation of the cache of {@code /messagesByHash} answers. */
class AnswerCacheTest {

  private static final long NOW = 1_700_000_000_000L;

  private static AnswerCache.Answer answer(String body, long validUntil) {
    return new AnswerCache.Answer(200, body.getBytes(StandardCharsets.UTF_8), validUntil);
  }

  private static String hash(int i) {
    return String.format("0x%064x", i);
  }

  @Test
  void shouldServeAStoredAnswerUntilItsValidityEnds() {
    AnswerCache cache = new AnswerCache(10);
    AnswerCache.Answer stored = answer("a", NOW + 1000);

    assertThat(cache.put(hash(1), stored, cache.generation(), NOW)).isTrue();

    assertThat(cache.get(hash(1), NOW + 999)).isSameAs(stored);
    assertThat(cache.get(hash(1), NOW + 1000)).isNull();
    assertThat(cache.size()).isZero();
  }

  @Test
  void shouldNeverHoldMoreThanItsSizeWhenManyHashesAreStored() {
    AnswerCache cache = new AnswerCache(100);

    for (int i = 0; i < 10_000; i++) {
      cache.put(hash(i), answer("x" + i, NOW + 60_000), cache.generation(), NOW);
      assertThat(cache.size()).isLessThanOrEqualTo(100);
    }

    assertThat(cache.size()).isEqualTo(100);
    assertThat(cache.evictions()).isEqualTo(10_000 - 100);
  }

  @Test
  void shouldEvictTheOldestAnswerFirstWhenFull() {
    AnswerCache cache = new AnswerCache(3);
    for (int i = 1; i <= 4; i++) {
      cache.put(hash(i), answer("x" + i, NOW + 60_000), cache.generation(), NOW);
    }

    assertThat(cache.get(hash(1), NOW)).isNull();
    assertThat(cache.get(hash(2), NOW)).isNotNull();
    assertThat(cache.get(hash(4), NOW)).isNotNull();
    assertThat(cache.evictions()).isEqualTo(1);
  }

  @Test
  void shouldStayBoundedWhenOneHashIsReplacedAndInvalidatedOverAndOver() {
    AnswerCache cache = new AnswerCache(5);

    for (int i = 0; i < 1_000; i++) {
      cache.put(hash(1), answer("x" + i, NOW + 60_000), cache.generation(), NOW);
      if (i % 3 == 0) {
        cache.invalidate(hash(1));
      }
      cache.put(hash(2 + i % 7), answer("y" + i, NOW + 60_000), cache.generation(), NOW);
      assertThat(cache.size()).isLessThanOrEqualTo(5);
    }

    assertThat(cache.size()).isBetween(1, 5);
  }

  @Test
  void shouldMakeRoomFromLapsedAnswersBeforeEvictingValidOnes() {
    AnswerCache cache = new AnswerCache(2);
    cache.put(hash(1), answer("short", NOW + 10), cache.generation(), NOW);
    cache.put(hash(2), answer("long", NOW + 60_000), cache.generation(), NOW);

    cache.put(hash(3), answer("new", NOW + 60_000), cache.generation(), NOW + 20);

    assertThat(cache.get(hash(2), NOW + 20)).isNotNull();
    assertThat(cache.get(hash(3), NOW + 20)).isNotNull();
    assertThat(cache.evictions()).isZero();
  }

  @Test
  void shouldStoreNothingWhenTheSizeOrTheValidityIsZero() {
    AnswerCache off = new AnswerCache(0);
    assertThat(off.put(hash(1), answer("a", NOW + 1000), off.generation(), NOW)).isFalse();
    assertThat(off.get(hash(1), NOW)).isNull();

    AnswerCache cache = new AnswerCache(10);
    assertThat(cache.put(hash(1), answer("a", NOW), cache.generation(), NOW)).isFalse();
    assertThat(cache.size()).isZero();
  }

  @Test
  void shouldForgetAnAnswerWhenItsHashIsInvalidated() {
    AnswerCache cache = new AnswerCache(10);
    cache.put(hash(1), answer("a", NOW + 1000), cache.generation(), NOW);
    cache.put(hash(2), answer("b", NOW + 1000), cache.generation(), NOW);

    cache.invalidate(hash(1));

    assertThat(cache.get(hash(1), NOW)).isNull();
    assertThat(cache.get(hash(2), NOW)).isNotNull();
    cache.invalidateAll();
    assertThat(cache.get(hash(2), NOW)).isNull();
    assertThat(cache.size()).isZero();
  }

  @Test
  void shouldNotStoreAnAnswerReadBeforeAnInvalidationWhenItArrivesAfterIt() {
    AnswerCache cache = new AnswerCache(10);
    long seen = cache.generation();
    // the database read happens here, then a write commits and invalidates the hash
    cache.invalidate(hash(1));

    assertThat(cache.put(hash(1), answer("older", NOW + 1000), seen, NOW)).isFalse();
    assertThat(cache.get(hash(1), NOW)).isNull();
    assertThat(cache.put(hash(1), answer("newer", NOW + 1000), cache.generation(), NOW)).isTrue();
  }
}
