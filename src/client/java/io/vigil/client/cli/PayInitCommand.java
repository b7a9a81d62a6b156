package io.vigil.client.cli;

import io.vigil.client.ErrorCode;
import io.vigil.client.VigilClientException;
import io.vigil.client.payinit.PaymentInit;
import io.vigil.client.payinit.PaymentInitClient;
import io.vigil.client.payinit.PaymentInitClient.Delivery;
import io.vigil.client.payinit.PaymentInitClient.Fetched;
import io.vigil.client.payinit.PaymentInitKey;
import io.vigil.client.payinit.PaymentSecret;
import io.vigil.core.crypto.PrivateKey;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** The {@code vigil pay-init} commands. */
@Command(
    name = "pay-init",
    mixinStandardHelpOptions = true,
    description = "Payment initializations: send one encrypted to a recipient, fetch your own.",
    subcommands = {PayInitCommand.Key.class, PayInitCommand.Send.class, PayInitCommand.Fetch.class})
public final class PayInitCommand extends KitCommand {

  /** The options every command that talks to routing servers takes. */
  static final class Servers {
    @Option(
        names = "--server",
        required = true,
        paramLabel = "URL",
        description = "A routing server's base URL; repeat for several.")
    List<String> urls;

    @Option(
        names = "--audience",
        defaultValue = "vigil",
        description = "The deployment name the servers' logins expect (default: ${DEFAULT-VALUE}).")
    String audience;
  }

  /** {@code vigil pay-init key}: the public key senders encrypt to. */
  @Command(
      name = "key",
      mixinStandardHelpOptions = true,
      description = "Print the public key senders encrypt your payment initializations to.")
  static final class Key extends KitCommand implements Callable<Integer> {
    @Mixin KeyOption key;

    @Override
    public Integer call() {
      PaymentInitKey own = PaymentInitKey.inMemory(privateKey(key));
      String publicKey = "0x" + HexFormat.of().formatHex(own.publicKey());
      output()
          .result(
              Map.of("address", own.address().hex(), "publicKey", publicKey),
              "address    " + own.address().hex() + "\npublic key " + publicKey);
      return ExitCodes.OK;
    }
  }

  /** {@code vigil pay-init send}: encrypt and post to one or several servers. */
  @Command(
      name = "send",
      mixinStandardHelpOptions = true,
      description = "Encrypt {secret, amount} to the recipient's public key and post it.")
  static final class Send extends KitCommand implements Callable<Integer> {
    @Mixin KeyOption key;
    @Mixin Servers servers;

    @Option(
        names = "--to-pubkey",
        required = true,
        paramLabel = "0xHEX",
        description = "The recipient's public key (vigil pay-init key prints it).")
    String recipient;

    @Option(
        names = "--secret",
        paramLabel = "0xHEX",
        description = "The payment secret, 32 bytes; default: a fresh random one.")
    String secret;

    @Option(names = "--amount", required = true, description = "The amount, a decimal number.")
    String amount;

    @Option(
        names = "--expires-at",
        paramLabel = "EPOCH_SECONDS",
        description = "When the servers may drop it; default: each server's default.")
    Long expiresAt;

    @Override
    public Integer call() {
      byte[] publicKey = parsePublicKey(recipient);
      PaymentInit init = parseInit(secret == null ? randomSecret() : secret, amount);
      PaymentInitClient client =
          new PaymentInitClient(servers.urls, key.signer(), servers.audience, Clock.systemUTC());
      List<Delivery> deliveries = client.send(publicKey, init, expiresAt);
      List<Object> rows = new ArrayList<>();
      StringBuilder text = new StringBuilder();
      text.append("hash ").append(init.hash()).append("  amount ").append(init.amountText());
      if (secret == null) {
        text.append("\nsecret ").append(init.secret().hex()).append(" (keep it)");
      }
      int stored = 0;
      for (Delivery delivery : deliveries) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("server", delivery.server());
        switch (delivery) {
          case Delivery.Stored done -> {
            stored++;
            row.put("id", done.id());
            row.put("expiresAt", done.expiresAt());
            text.append("\nstored  ").append(done.server()).append("  id ").append(done.id());
          }
          case Delivery.Failed failed -> {
            row.put("error", failed.failure().code().code());
            row.put("detail", failed.failure().getMessage());
            text.append("\nfailed  ").append(failed.failure().getMessage());
          }
        }
        rows.add(row);
      }
      if (stored == 0) {
        throw ((Delivery.Failed) deliveries.get(0)).failure();
      }
      Map<String, Object> result = new LinkedHashMap<>();
      result.put("recipient", PaymentInitClient.recipientAddress(publicKey));
      result.put("hash", init.hash());
      result.put("amount", init.amountText());
      if (secret == null) {
        result.put("secret", init.secret().hex());
      }
      result.put("deliveries", rows);
      output().result(result, text.toString());
      return stored == deliveries.size() ? ExitCodes.OK : ExitCodes.PARTIAL;
    }
  }

  /** {@code vigil pay-init fetch}: list, decrypt and delete your own. */
  @Command(
      name = "fetch",
      mixinStandardHelpOptions = true,
      description = "Fetch, decrypt and delete the payment initializations sent to your key.")
  static final class Fetch extends KitCommand implements Callable<Integer> {
    @Mixin KeyOption key;
    @Mixin Servers servers;

    @Option(names = "--keep", description = "Leave them on the servers (do not delete).")
    boolean keep;

    @Override
    public Integer call() {
      PrivateKey own = privateKey(key);
      PaymentInitClient client =
          new PaymentInitClient(servers.urls, key.signer(), servers.audience, Clock.systemUTC());
      List<Fetched> found = client.fetch(PaymentInitKey.inMemory(own), !keep);
      Map<String, Received> received = new LinkedHashMap<>();
      List<Object> unreadable = new ArrayList<>();
      List<VigilClientException> failures = new ArrayList<>();
      StringBuilder text = new StringBuilder();
      for (Fetched fetched : found) {
        switch (fetched) {
          case Fetched.Received got ->
              received
                  .computeIfAbsent(got.init().hash(), hash -> new Received(got, new ArrayList<>()))
                  .servers()
                  .add(got.server());
          case Fetched.Unreadable bad -> {
            unreadable.add(
                Map.of(
                    "server",
                    bad.server(),
                    "id",
                    bad.id(),
                    "sender",
                    bad.sender(),
                    "reason",
                    bad.reason(),
                    "deleted",
                    bad.deleted()));
            text.append("unreadable ")
                .append(bad.id())
                .append(" from ")
                .append(bad.sender())
                .append(": ")
                .append(bad.reason())
                .append('\n');
          }
          case Fetched.Failed failed -> {
            failures.add(failed.failure());
            text.append("failed ").append(failed.failure().getMessage()).append('\n');
          }
        }
      }
      if (!failures.isEmpty()
          && received.isEmpty()
          && unreadable.isEmpty()
          && failures.size() == servers.urls.size()) {
        throw failures.get(0);
      }
      for (Received got : received.values()) {
        PaymentInit init = got.first().init();
        text.append("secret ")
            .append(init.secret().hex())
            .append("  hash ")
            .append(init.hash())
            .append("  amount ")
            .append(init.amountText())
            .append('\n');
      }
      if (received.isEmpty() && unreadable.isEmpty()) {
        text.append("nothing waiting\n");
      }
      Map<String, Object> result = new LinkedHashMap<>();
      result.put("paymentInits", received.values().stream().map(Received::row).toList());
      result.put("unreadable", unreadable);
      result.put(
          "failures",
          failures.stream()
              .map(
                  f ->
                      Map.of(
                          "server",
                          f.server().orElse(""),
                          "error",
                          f.code().code(),
                          "detail",
                          f.getMessage()))
              .toList());
      output().result(result, text.toString().stripTrailing());
      return failures.isEmpty() ? ExitCodes.OK : ExitCodes.PARTIAL;
    }

    /** One initialization, and every server it came from. */
    private record Received(Fetched.Received first, List<String> servers) {
      Map<String, Object> row() {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("secret", first.init().secret().hex());
        row.put("hash", first.init().hash());
        row.put("amount", first.init().amountText());
        row.put("sender", first.sender());
        row.put("servers", servers);
        return row;
      }
    }
  }

  /** The private key behind {@code --key} (or VIGIL_KEY): decrypting needs it, not a signature. */
  static PrivateKey privateKey(KeyOption option) {
    String spec = option.key != null ? option.key : System.getenv("VIGIL_KEY");
    if (spec == null || spec.isBlank()) {
      throw VigilClientException.of(
          ErrorCode.USAGE, "this command needs your key: give --key or set VIGIL_KEY");
    }
    return PrivateKey.of(KeyOption.resolve(spec.trim()));
  }

  private static byte[] parsePublicKey(String hex) {
    try {
      return PaymentInitClient.publicKey(hex);
    } catch (IllegalArgumentException malformed) {
      throw VigilClientException.of(ErrorCode.USAGE, "--to-pubkey: " + malformed.getMessage());
    }
  }

  private static PaymentInit parseInit(String secret, String amount) {
    try {
      return PaymentInit.of(secret, amount);
    } catch (IllegalArgumentException malformed) {
      throw VigilClientException.of(ErrorCode.USAGE, malformed.getMessage());
    }
  }

  private static String randomSecret() {
    byte[] bytes = new byte[PaymentSecret.BYTES];
    new SecureRandom().nextBytes(bytes);
    return new PaymentSecret(bytes).hex();
  }
}
