package io.vigil.core.messaging;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** How every Kafka consumer bounds, retries and sets aside the records it reads. */
@ConfigMapping(prefix = "vigil.messaging")
public interface MessagingConfig {

  /** Largest record value (UTF-8 bytes) a consumer reads; a larger one is dead-lettered unread. */
  @WithDefault("65536")
  int maxRecordBytes();

  /**
   * Failed attempts at applying one record, while the database answers, before the record is
   * dead-lettered as poison. Failures while the database does not answer are not counted: the
   * record waits for the database instead.
   */
  @WithDefault("3")
  int poisonAttempts();

  /** Wait after the first failed attempt; doubled after each further one. */
  @WithDefault("100ms")
  Duration retryBackoff();

  /** Longest wait between two attempts at the same record. */
  @WithDefault("5s")
  Duration maxRetryBackoff();
}
