package io.vigil.client.cli;

import picocli.CommandLine.Command;

/** The {@code vigil state} commands. */
@Command(
    name = "state",
    mixinStandardHelpOptions = true,
    description = "Channel states: sign them, delegate them to towers, and see who holds them.",
    subcommands = {
      StateSignCommand.class,
      StateDelegateCommand.class,
      StateCoverageCommand.class,
      StateReceiptsCommand.class
    })
public final class StateCommand extends KitCommand {}
