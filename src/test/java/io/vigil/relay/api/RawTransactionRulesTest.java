package io.vigil.relay.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vigil.core.api.Problem;
import io.vigil.core.api.ProblemException;
import io.vigil.core.chain.HubAbi;
import io.vigil.core.crypto.Secp256k1Engine;
import io.vigil.relay.RelayTestChain;
import io.vigil.relay.TxStatus;
import io.vigil.relay.chain.RelayChain.Preflight;
import io.vigil.relay.chain.RelayChain.Simulation;
import io.vigil.relay.persistence.RelayTransaction;
import java.math.BigInteger;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.RawTransaction;
import org.web3j.crypto.Sign;
import org.web3j.crypto.SignedRawTransaction;
import org.web3j.crypto.TransactionEncoder;
import org.web3j.utils.Numeric;

class RawTransactionRulesTest {

  static final long CHAIN = 31337;
  static final String HUB = "0x" + "ab".repeat(20);
  static final Credentials KEY =
      Credentials.create("0x" + "0".repeat(63) + "7"); // a fixed, made-up key
  static final String FROM = KEY.getAddress().toLowerCase(Locale.ROOT);
  static final BigInteger GWEI = BigInteger.valueOf(1_000_000_000L);
  static final HubAbi ABI = HubAbi.hub();

  final RawTransactionRules rules =
      new RawTransactionRules(
          new RawTransactionRules.Limits(200, 21_000, 1_000_000, 16, List.of("withdraw")), ABI);

  static RawTransaction call(long nonce, long gasLimit, String to, String data) {
    return RawTransaction.createTransaction(
        CHAIN,
        BigInteger.valueOf(nonce),
        BigInteger.valueOf(gasLimit),
        to,
        BigInteger.ZERO,
        data,
        GWEI,
        GWEI.multiply(BigInteger.valueOf(50)));
  }

  static String signed(RawTransaction tx) {
    return Numeric.toHexString(TransactionEncoder.signMessage(tx, KEY));
  }

  static String withdraw(long nonce) {
    return signed(call(nonce, 100_000, HUB, RelayTestChain.withdrawCall()));
  }

  static void refused(ThrowingCallable check, String field, String detail) {
    assertThatThrownBy(check)
        .isInstanceOfSatisfying(
            ProblemException.class,
            e -> {
              assertThat(e.problem().field()).isEqualTo(field);
              assertThat(e.problem().detail()).contains(detail);
            });
  }

  RawTransactionRules.Checked checked(String raw) {
    RawTransactionRules.Decoded decoded = RawTransactionRules.decode(raw);
    return rules.call(decoded, RawTransactionRules.signer(decoded.signed(), null), HUB);
  }

  @Test
  void shouldLowerTheCaseOfWellFormedHex() {
    assertThat(rules.hex("0xABcd")).isEqualTo("0xabcd");
  }

  @Test
  void shouldRefuseMissingOddAndNonHexRawTransactions() {
    refused(() -> rules.hex(null), "raw", "missing");
    refused(() -> rules.hex(" "), "raw", "missing");
    refused(() -> rules.hex("0xabc"), "raw", "even number of digits");
    refused(() -> rules.hex("0x"), "raw", "even number of digits");
    refused(() -> rules.hex("0xzz"), "raw", "even number of digits");
  }

  @Test
  void shouldRefuseAnOversizedRawTransactionAsTooLarge() {
    assertThatThrownBy(() -> rules.hex("0x" + "ab".repeat(100)))
        .isInstanceOfSatisfying(
            ProblemException.class,
            e -> {
              assertThat(e.problem().status()).isEqualTo(413);
              assertThat(e.problem().detail()).isEqualTo("raw: longer than 200 hex characters");
            });
  }

  @Test
  void shouldRefuseGarbageAndUnsignedTransactions() {
    refused(() -> RawTransactionRules.decode("0xdeadbeef"), "raw", "not a decodable transaction");
    String unsigned = Numeric.toHexString(TransactionEncoder.encode(call(0, 100_000, HUB, "0x")));
    refused(() -> RawTransactionRules.decode(unsigned), "raw.signature", "not signed");
  }

  @Test
  void shouldRefuseAnotherChainAndSignaturesForNoChain() {
    RawTransactionRules.Decoded decoded = RawTransactionRules.decode(withdraw(0));
    RawTransactionRules.checkChain(decoded, CHAIN);
    refused(
        () -> RawTransactionRules.checkChain(decoded, 1),
        "raw.chainId",
        "is 31337, this relay serves chain 1");

    RawTransaction legacy =
        RawTransaction.createTransaction(
            BigInteger.ZERO, GWEI, BigInteger.valueOf(100_000), HUB, BigInteger.ZERO, "0x");
    RawTransactionRules.Decoded unprotected =
        RawTransactionRules.decode(signed(legacy)); // pre-EIP-155: v is 27 or 28
    refused(() -> RawTransactionRules.checkChain(unprotected, CHAIN), "raw.chainId", "missing");
    String protectedLegacy =
        Numeric.toHexString(TransactionEncoder.signMessage(legacy, CHAIN, KEY));
    RawTransactionRules.checkChain(RawTransactionRules.decode(protectedLegacy), CHAIN);
  }

  @Test
  void shouldRecoverTheSignerAndRefuseAnotherNamedSender() {
    SignedRawTransaction signed = RawTransactionRules.decode(withdraw(0)).signed();

    assertThat(RawTransactionRules.signer(signed, null)).isEqualTo(FROM);
    assertThat(
            RawTransactionRules.signer(signed, FROM.toUpperCase(Locale.ROOT).replace("0X", "0x")))
        .isEqualTo(FROM);
    refused(
        () -> RawTransactionRules.signer(signed, "0x" + "99".repeat(20)),
        "raw.signature",
        "recovers to " + FROM);
  }

  @Test
  void shouldRefuseAMalleableSignature() {
    SignedRawTransaction signed = RawTransactionRules.decode(withdraw(0)).signed();
    Sign.SignatureData signature = signed.getSignatureData();
    BigInteger highS = Secp256k1Engine.ORDER.subtract(new BigInteger(1, signature.getS()));
    SignedRawTransaction flipped =
        new SignedRawTransaction(
            signed.getTransaction(),
            new Sign.SignatureData(
                signature.getV(), signature.getR(), Numeric.toBytesPadded(highS, 32)));

    refused(() -> RawTransactionRules.signer(flipped, null), "raw.signature", "malleable");
  }

  @Test
  void shouldTellWhatAnAllowedHubCallDoes() {
    RawTransactionRules.Checked checked = checked(withdraw(3));

    assertThat(checked)
        .isEqualTo(
            new RawTransactionRules.Checked(
                FROM,
                HUB,
                RelayTestChain.withdrawCall(),
                BigInteger.ZERO,
                3,
                100_000,
                GWEI.multiply(BigInteger.valueOf(50)),
                GWEI,
                "withdraw"));
  }

  @Test
  void shouldRefuseOtherTargetsFunctionsAndGasLimits() {
    refused(
        () -> checked(signed(call(0, 100_000, "0x" + "cd".repeat(20), "0x"))),
        "raw.to",
        "is not the channel hub " + HUB);
    refused(
        () -> checked(signed(call(0, 100_000, HUB, RelayTestChain.settleCall(new byte[32])))),
        "raw.data",
        "calls settle; allowed: withdraw");
    refused(
        () -> checked(signed(call(0, 100_000, HUB, "0x"))), "raw.data", "no known hub function");
    refused(
        () -> checked(signed(call(0, 20_999, HUB, RelayTestChain.withdrawCall()))),
        "raw.gasLimit",
        "20999 is outside 21000..1000000");
    refused(
        () -> checked(signed(call(0, 1_000_001, HUB, RelayTestChain.withdrawCall()))),
        "raw.gasLimit",
        "is outside");
  }

  @Test
  void shouldRefuseAUsedNonceAsAConflict() {
    RawTransactionRules.Checked checked = checked(withdraw(3));

    assertThatThrownBy(
            () -> rules.checkPreflight(checked, new Preflight(4, 4, new Simulation.Success(1))))
        .isInstanceOfSatisfying(
            ProblemException.class,
            e -> {
              assertThat(e.problem().status()).isEqualTo(409);
              assertThat(e.problem().detail())
                  .isEqualTo("raw.nonce: 3 is already used (the account's next nonce is 4)");
            });
  }

  @Test
  void shouldRefuseANonceTooFarAheadOfThePendingOne() {
    RawTransactionRules.Checked ahead = checked(withdraw(20));

    refused(
        () -> rules.checkPreflight(ahead, new Preflight(3, 3, new Simulation.Success(1))),
        "raw.nonce",
        "20 is more than 16 ahead of the account's pending nonce 3");
    rules.checkPreflight(ahead, new Preflight(3, 4, new Simulation.Success(1)));
  }

  @Test
  void shouldRefuseACallThatWouldRevert() {
    RawTransactionRules.Checked checked = checked(withdraw(3));

    assertThatThrownBy(
            () ->
                rules.checkPreflight(
                    checked, new Preflight(3, 3, new Simulation.Reverted("NothingToWithdraw()"))))
        .isInstanceOfSatisfying(
            ProblemException.class,
            e ->
                assertThat(e.problem())
                    .isEqualTo(
                        new Problem(
                            RawTransactionRules.WOULD_REVERT,
                            "Unprocessable Content",
                            422,
                            "raw: the transaction would fail: NothingToWithdraw()",
                            "raw")));
  }

  @Test
  void shouldStoreAPendingClientRowUnderItsHash() {
    RawTransactionRules.Checked checked = checked(withdraw(3));
    Instant now = Instant.parse("2026-01-01T00:00:00Z");
    String hash = "0x" + "12".repeat(32);

    RelayTransaction row = RawTransactionRules.row(checked, hash, now);

    assertThat(row.requestId).isEqualTo("raw:" + hash);
    assertThat(row.kind).isEqualTo(RelayTransaction.CLIENT);
    assertThat(row.purpose).isEqualTo("CLIENT_RAW");
    assertThat(row.sender).isEqualTo(FROM);
    assertThat(row.target).isEqualTo(HUB);
    assertThat(row.nonce).isEqualTo(3L);
    assertThat(row.gasLimit).isEqualTo(100_000L);
    assertThat(row.maxFee).isEqualTo(GWEI.multiply(BigInteger.valueOf(50)));
    assertThat(row.priorityFee).isEqualTo(GWEI);
    assertThat(row.valueAtStake).isZero();
    assertThat(row.txHash).isEqualTo(hash);
    assertThat(row.status).isEqualTo(TxStatus.PENDING);
    assertThat(row.createdAt).isEqualTo(now);
    assertThat(row.updatedAt).isEqualTo(now);
  }
}
