/**
 * Calls Vigil makes to servers that others name (peer routing servers, hosted users' contacts):
 * {@link io.vigil.core.net.OutboundPolicy} decides which destinations may be called, and {@link
 * io.vigil.core.net.OutboundHttp} is the only HTTP client for them, bounded in size and time.
 */
package io.vigil.core.net;
