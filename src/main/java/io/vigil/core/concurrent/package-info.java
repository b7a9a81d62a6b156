/**
 * Concurrency helpers shared by the roles: {@link io.vigil.core.concurrent.Coalescer} lets
 * concurrent requests share one round trip to the node or one database commit.
 */
package io.vigil.core.concurrent;
