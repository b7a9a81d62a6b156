package io.vigil.router.landmark;

import java.util.List;

/**
 * A ROUTING message: the new or changed entries of one window, from one user to one contact.
 *
 * @param from the sending user
 * @param to the receiving user (a contact of the sender)
 * @param sequence per (from, to), increasing by one with each message; lets the receiver drop a
 *     redelivered or out-of-date message
 * @param entries the changed entries
 */
public record RoutingMessage(String from, String to, long sequence, List<Entry> entries) {

  public RoutingMessage {
    entries = List.copyOf(entries);
  }
}
