package io.vigil.router.reactive;

import java.util.ArrayDeque;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Keeps the serialized answers of {@code /messagesByHash} for a short while, at most {@code
 * maxEntries} of them, oldest evicted first. Reads take no lock; stores are serialized.
 *
 * <p>Invariant: every stored answer still has its ticket in the eviction queue, and the queue holds
 * at most {@code maxEntries} tickets, so the map never holds more than {@code maxEntries} answers.
 *
 * <p>A reader that missed notes {@link #generation()} before reading the database and hands it to
 * {@link #put}; an invalidation in between moves the generation on, and the answer read before it
 * is not stored (or removed again at once), so a write is never hidden by an older read.
 */
final class AnswerCache {

  /**
   * One answer: HTTP status, body bytes and the wall-clock millisecond until which it may be
   * served.
   */
  record Answer(int status, byte[] body, long validUntilMillis) {}

  private record Ticket(String hash, Answer answer) {}

  private final int maxEntries;
  private final ConcurrentHashMap<String, Answer> answers;
  private final ArrayDeque<Ticket> queue;
  private final AtomicLong generation = new AtomicLong();
  private final AtomicLong evictions = new AtomicLong();

  AnswerCache(int maxEntries) {
    if (maxEntries < 0) {
      throw new IllegalArgumentException("maxEntries must not be negative: " + maxEntries);
    }
    this.maxEntries = maxEntries;
    this.answers = new ConcurrentHashMap<>(Math.min(maxEntries, 1 << 16));
    this.queue = new ArrayDeque<>(Math.min(maxEntries, 1 << 16));
  }

  /** The answer stored for the hash and still valid at {@code nowMillis}, or null. */
  Answer get(String hash, long nowMillis) {
    Answer answer = answers.get(hash);
    if (answer == null) {
      return null;
    }
    if (answer.validUntilMillis() <= nowMillis) {
      answers.remove(hash, answer);
      return null;
    }
    return answer;
  }

  /** To be read before the database, and passed to {@link #put} with what was read. */
  long generation() {
    return generation.get();
  }

  /**
   * Stores the answer read after {@link #generation()} returned {@code seen}, unless it is no
   * longer valid or an invalidation came in between.
   *
   * @return whether the answer is stored
   */
  synchronized boolean put(String hash, Answer answer, long seen, long nowMillis) {
    if (maxEntries == 0 || answer.validUntilMillis() <= nowMillis || generation.get() != seen) {
      return false;
    }
    dropStale(nowMillis);
    while (queue.size() >= maxEntries) {
      Ticket oldest = queue.pollFirst();
      if (answers.remove(oldest.hash(), oldest.answer())) {
        evictions.incrementAndGet();
      }
    }
    queue.addLast(new Ticket(hash, answer));
    answers.put(hash, answer);
    if (generation.get() != seen) {
      answers.remove(hash, answer);
      return false;
    }
    return true;
  }

  /** Forgets the hash's answer; answers being read at this moment will not be stored. */
  void invalidate(String hash) {
    generation.incrementAndGet();
    answers.remove(hash);
  }

  /** Forgets every answer; answers being read at this moment will not be stored. */
  void invalidateAll() {
    generation.incrementAndGet();
    answers.clear();
  }

  /** Answers held now. */
  int size() {
    return answers.size();
  }

  /** Valid answers dropped so far to make room for newer ones. */
  long evictions() {
    return evictions.get();
  }

  /** Drops tickets at the head whose answer has lapsed, or was replaced or invalidated. */
  private void dropStale(long nowMillis) {
    Ticket head;
    while ((head = queue.peekFirst()) != null
        && (head.answer().validUntilMillis() <= nowMillis
            || answers.get(head.hash()) != head.answer())) {
      queue.pollFirst();
      answers.remove(head.hash(), head.answer());
    }
  }
}
