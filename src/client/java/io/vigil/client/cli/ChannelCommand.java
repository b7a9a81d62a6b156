package io.vigil.client.cli;

import picocli.CommandLine.Command;

/** The {@code vigil channel} commands. */
@Command(
    name = "channel",
    mixinStandardHelpOptions = true,
    description = "Channels on the hub: open, deposit, close, and their status.")
public final class ChannelCommand extends KitCommand {}
