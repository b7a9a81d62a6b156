/**
 * Texts and wire forms of the routing protocol that servers and light clients must agree on byte
 * for byte: amounts' canonical text, payment hashes, the origination text a client signs, and
 * numbered bundles with their signing text. Pure Java, shared by the server and the client kit.
 */
package io.vigil.core.protocol;
