package io.vigil.client.cli;

import picocli.CommandLine.Command;

/** The {@code vigil pay-init} commands. */
@Command(
    name = "pay-init",
    mixinStandardHelpOptions = true,
    description = "Payment initializations: send one encrypted to a recipient, fetch your own.")
public final class PayInitCommand extends KitCommand {}
