package io.vigil.core.api.channel;

/**
 * A request body that carries a co-signed channel state: the {@code state} and each party's EIP-712
 * signature ({@code sigA}, {@code sigB}) as 0x hex. The watcher's delegation and the relay's state
 * post both carry one; {@link StateFields#signedState} parses it.
 */
public interface SignedStateForm {

  StateForm state();

  String sigA();

  String sigB();
}
