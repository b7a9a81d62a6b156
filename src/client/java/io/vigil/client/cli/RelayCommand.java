package io.vigil.client.cli;

import picocli.CommandLine.Command;

/** The {@code vigil relay} commands. */
@Command(
    name = "relay",
    mixinStandardHelpOptions = true,
    description = "Transaction relays: submit signed transactions or states, follow them to final.")
public final class RelayCommand extends KitCommand {}
