package io.vigil.client.cli;

import picocli.CommandLine.Command;

/** The {@code vigil tower} commands. */
@Command(
    name = "tower",
    mixinStandardHelpOptions = true,
    description =
        "Watchtowers: add, list, inspect, retry and remove the towers that guard your channels.")
public final class TowerCommand extends KitCommand {}
