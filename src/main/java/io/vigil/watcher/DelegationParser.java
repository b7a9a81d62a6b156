package io.vigil.watcher;

import io.vigil.core.api.ProblemException;
import io.vigil.core.crypto.Hex;
import io.vigil.watcher.Delegation.HunterAuthorization;
import jakarta.ws.rs.core.Response;
import java.math.BigInteger;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Supplier;
import org.web3j.utils.Numeric;

/**
 * Parses a delegation as sent into an {@link Offer}: every field present and well formed (hex of
 * the right length, amounts within uint256, the nonce within a long), on this watcher's chain and
 * naming its hunter. A refusal is a 400 {@link ProblemException} naming the first field at fault.
 * Pure.
 */
final class DelegationParser {

  private static final int BYTES32 = 64;
  private static final int ADDRESS = 40;
  private static final int SIGNATURE = 130;
  private static final BigInteger UINT256_MAX = BigInteger.TWO.pow(256).subtract(BigInteger.ONE);
  private static final long UINT64_MAX_AS_LONG = Long.MAX_VALUE;

  private final Optional<Long> chainId;
  private final Supplier<String> hunter;

  /**
   * @param chainId the chain this watcher follows, if configured
   * @param hunter this watcher's hunter address, lower-case (asked only when a body names one)
   */
  DelegationParser(Optional<Long> chainId, Supplier<String> hunter) {
    this.chainId = chainId;
    this.hunter = hunter;
  }

  /** The offer, or throws a {@link ProblemException} naming the field at fault. */
  Offer parse(Delegation body) {
    if (body == null) {
      throw ProblemException.invalidField("body", "a JSON object is required");
    }
    if (body.chainId() == null) {
      throw ProblemException.invalidField("chainId", "required");
    }
    if (chainId.isPresent() && !chainId.get().equals(body.chainId())) {
      throw ProblemException.of(
          Response.Status.BAD_REQUEST,
          "unknown-chain",
          "chainId: this watcher follows chain " + chainId.get() + ", not " + body.chainId(),
          "chainId");
    }
    Delegation.State state = body.state();
    if (state == null) {
      throw ProblemException.invalidField("state", "required");
    }
    String channelId = match(state.channelId(), BYTES32, "state.channelId", "32 bytes as 0x hex");
    if (state.nonce() == null) {
      throw ProblemException.invalidField("state.nonce", "required");
    }
    if (state.nonce() < 0 || state.nonce() > UINT64_MAX_AS_LONG) {
      throw ProblemException.invalidField("state.nonce", "must be between 0 and 2^63-1");
    }
    BigInteger balanceA = uint(state.balanceA(), "state.balanceA");
    BigInteger balanceB = uint(state.balanceB(), "state.balanceB");
    byte[] sigA = Numeric.hexStringToByteArray(match(body.sigA(), SIGNATURE, "sigA", "65 bytes"));
    byte[] sigB = Numeric.hexStringToByteArray(match(body.sigB(), SIGNATURE, "sigB", "65 bytes"));
    HunterAuthorization auth = body.hunterAuthorization();
    if (auth == null) {
      throw ProblemException.invalidField("hunterAuthorization", "required");
    }
    String named =
        match(auth.hunter(), ADDRESS, "hunterAuthorization.hunter", "an address as 0x hex")
            .toLowerCase(Locale.ROOT);
    String ours = hunter.get();
    if (!named.equals(ours)) {
      throw ProblemException.invalidField(
          "hunterAuthorization.hunter", "must name this watcher's hunter " + ours);
    }
    byte[] authSig =
        Numeric.hexStringToByteArray(
            match(auth.signature(), SIGNATURE, "hunterAuthorization.signature", "65 bytes"));
    return new Offer(channelId, state.nonce(), balanceA, balanceB, sigA, sigB, named, authSig);
  }

  private static String match(String value, int hexDigits, String field, String expected) {
    if (value == null) {
      throw ProblemException.invalidField(field, "required");
    }
    if (!Hex.isHex(value, hexDigits)) {
      throw ProblemException.invalidField(field, "must be " + expected);
    }
    return value.toLowerCase(Locale.ROOT);
  }

  private static BigInteger uint(String value, String field) {
    if (value == null) {
      throw ProblemException.invalidField(field, "required");
    }
    if (value.isEmpty()
        || value.length() > 78
        || !value.chars().allMatch(c -> c >= '0' && c <= '9')) {
      throw ProblemException.invalidField(field, "must be a decimal amount of wei");
    }
    BigInteger amount = new BigInteger(value);
    if (amount.compareTo(UINT256_MAX) > 0) {
      throw ProblemException.invalidField(field, "exceeds uint256");
    }
    return amount;
  }
}
