/**
 * The wire form of a signed channel state, shared by the watcher's and the relay's APIs, and the
 * field parsers that turn it into {@link io.vigil.core.channel} values with the same limits and the
 * same refusals everywhere.
 */
package io.vigil.core.api.channel;
