/**
 * The one lease: {@link io.vigil.core.lease.AdvisoryLease} holds PostgreSQL session advisory locks
 * so that one process at a time follows the chain or sends for an account.
 */
package io.vigil.core.lease;
