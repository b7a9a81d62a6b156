package io.vigil.core.protocol;

import io.vigil.core.crypto.PersonalSignatures;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * In charge of the text a light client signs to originate a routing message at one server, and of
 * recovering who signed it. The text names the server's address, so an origination signed for one
 * server recovers another signer at every other server, and an expiry, so it cannot be replayed
 * later.
 */
public final class Originations {

  /** First line of the text; a change of the text's layout changes it. */
  public static final String VERSION = "vigil-origination/2";

  private Originations() {}

  /**
   * {@code vigil-origination/2\n<server>\n<hash>\n<amount>\n<expires>}: {@code server} the routing
   * server's lower-case address, {@code hash} the lower-case payment hash, the amount in its
   * canonical text ({@link Amounts#text}), {@code expires} in epoch seconds.
   */
  public static String text(String server, String hash, BigDecimal amount, long expires) {
    return VERSION + "\n" + server + "\n" + hash + "\n" + Amounts.text(amount) + "\n" + expires;
  }

  /**
   * The lower-case address whose EIP-191 personal signature {@code signature} (65 bytes r‖s‖v, hex)
   * is of the origination text for these fields, or empty when the signature is unusable.
   */
  public static Optional<String> signer(
      String server, String hash, BigDecimal amount, long expires, String signature) {
    return PersonalSignatures.recover(
        text(server, hash, amount, expires).getBytes(StandardCharsets.UTF_8), signature);
  }
}
