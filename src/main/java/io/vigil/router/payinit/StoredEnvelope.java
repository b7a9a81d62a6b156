package io.vigil.router.payinit;

import java.time.Instant;
import java.util.UUID;

/**
 * One envelope as the store holds it: ciphertext only, addressed to {@code recipient} by {@code
 * sender} (both lower-case addresses).
 */
public record StoredEnvelope(
    UUID id,
    String recipient,
    String sender,
    byte[] envelope,
    Instant createdAt,
    Instant expiresAt) {}
