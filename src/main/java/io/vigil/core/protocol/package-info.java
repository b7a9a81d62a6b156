/**
 * Wire forms that the server and the client kit both use: pure Java, no Quarkus, Jakarta or
 * Hibernate, so the kit compiles this package from the server's tree rather than copying it.
 */
package io.vigil.core.protocol;
