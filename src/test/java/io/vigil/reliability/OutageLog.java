package io.vigil.reliability;

import io.vigil.core.channel.ChannelId;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;

/** Every answer a load got, and when the outage began and ended (System.nanoTime instants). */
final class OutageLog {

  /** One delegation request and its answer; status -1 when the client timed out or failed. */
  record Answer(
      ChannelId channel,
      long nonce,
      long sentAt,
      long answeredAt,
      int status,
      String retryAfter,
      String contentType,
      String body) {

    boolean acknowledged() {
      return status == 200 || status == 201;
    }

    @Override
    public String toString() {
      return "nonce " + nonce + " of " + channel.hex() + ": " + status + " " + body;
    }
  }

  private final ConcurrentLinkedQueue<Answer> answers = new ConcurrentLinkedQueue<>();
  private volatile long stopping = Long.MAX_VALUE;
  private volatile long stopped = Long.MAX_VALUE;
  private volatile long restarting = Long.MAX_VALUE;
  private volatile long restarted = Long.MAX_VALUE;

  void add(Answer answer) {
    answers.add(answer);
  }

  List<Answer> answers() {
    return List.copyOf(answers);
  }

  void stopping() {
    stopping = System.nanoTime();
  }

  void stopped() {
    stopped = System.nanoTime();
  }

  void restarting() {
    restarting = System.nanoTime();
  }

  void restarted() {
    restarted = System.nanoTime();
  }

  long stoppingAt() {
    return stopping;
  }

  long stoppedAt() {
    return stopped;
  }

  long restartingAt() {
    return restarting;
  }

  long restartedAt() {
    return restarted;
  }

  long highestAcknowledged(ChannelId channel) {
    return answers.stream()
        .filter(a -> a.channel().equals(channel) && a.acknowledged())
        .mapToLong(Answer::nonce)
        .max()
        .orElse(0);
  }

  long highestSent(ChannelId channel) {
    return answers.stream()
        .filter(a -> a.channel().equals(channel))
        .mapToLong(Answer::nonce)
        .max()
        .orElse(0);
  }
}
