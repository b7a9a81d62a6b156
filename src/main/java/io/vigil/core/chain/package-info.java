/**
 * Chain access shared by the chain, watcher and relay roles: {@link
 * io.vigil.core.chain.ChainClient} (several JSON-RPC endpoints with fallback, shrinking eth_getLogs
 * ranges, fast receipt polling), one set of error classes ({@link io.vigil.core.chain.RpcFailure},
 * classified by {@link io.vigil.core.chain.RpcErrors}), the hub's events as typed {@link
 * io.vigil.core.chain.HubEvent} records, and the hub's custom errors as {@link
 * io.vigil.core.chain.HubError}.
 */
package io.vigil.core.chain;
