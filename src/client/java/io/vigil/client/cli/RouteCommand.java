package io.vigil.client.cli;

import picocli.CommandLine.Command;

/** The {@code vigil route} commands. */
@Command(
    name = "route",
    mixinStandardHelpOptions = true,
    description = "Reactive routing: originate a routing message, poll for a payment's route.",
    subcommands = {
      RouteOriginateCommand.class,
      RoutePollCommand.class,
      RouteBundlesCommand.class,
      RouteHashCommand.class
    })
public final class RouteCommand extends KitCommand {}
