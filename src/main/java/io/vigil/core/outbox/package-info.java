/**
 * The one outbox: {@link io.vigil.core.outbox.Outbox} hands messages written in a role's database
 * transaction to Kafka, at least once.
 */
package io.vigil.core.outbox;
