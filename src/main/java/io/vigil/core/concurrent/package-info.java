/**
 * Concurrency shared by the roles: {@link io.vigil.core.concurrent.WorkerLoop} is the one way a
 * role runs background work (made by {@link io.vigil.core.concurrent.WorkerLoops}, paced on failure
 * by {@link io.vigil.core.concurrent.Backoff}); {@link io.vigil.core.concurrent.Coalescer} lets
 * concurrent requests share one round trip to the node or one database commit; {@link
 * io.vigil.core.concurrent.Retry} repeats a call with backoff through Mutiny.
 */
package io.vigil.core.concurrent;
