package io.vigil.watcher;

import io.vigil.watcher.persistence.HeldStateRepository;
import io.vigil.watcher.persistence.OutcomeRepository;
import io.vigil.watcher.persistence.RequestRepository;
import io.vigil.watcher.persistence.WatchedChannelRepository;
import jakarta.inject.Singleton;

/**
 * The watcher's four tables, which the {@link Watcher} and the {@link Enforcer} both read and write
 * inside the transaction that applies a chain event.
 */
@Singleton
record WatcherTables(
    WatchedChannelRepository channels,
    HeldStateRepository states,
    OutcomeRepository outcomes,
    RequestRepository requests) {}
