/**
 * Limits that hold for a whole deployment: token buckets kept in PostgreSQL and shared by every
 * replica, and the job that deletes idle ones.
 */
package io.vigil.core.limits;
