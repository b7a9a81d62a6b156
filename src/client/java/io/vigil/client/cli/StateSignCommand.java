package io.vigil.client.cli;

import picocli.CommandLine.Command;

/** The {@code vigil state sign} command: sign a channel state with your key. */
@Command(
    name = "sign",
    mixinStandardHelpOptions = true,
    description = "Sign a channel state (EIP-712, under the hub's domain) with your key.")
public final class StateSignCommand extends KitCommand {}
