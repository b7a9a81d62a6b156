package io.vigil.client.cli;

import picocli.CommandLine.Command;

/** The {@code vigil hunter} commands. */
@Command(
    name = "hunter",
    mixinStandardHelpOptions = true,
    description = "Bounty hunting: bounties earned and withdrawn by a hunter address.")
public final class HunterCommand extends KitCommand {}
