/**
 * Payment-initialization delivery (router role): routing servers keep envelopes that senders
 * encrypted to a light client's key until that client fetches and deletes them.
 */
package io.vigil.router.payinit;
