package io.vigil.router.payinit;

import io.restassured.specification.RequestSpecification;
import io.vigil.client.payinit.PaymentInitKey;
import io.vigil.core.crypto.PrivateKey;
import io.vigil.testsupport.TestAuth;
import java.security.SecureRandom;
import java.util.HexFormat;
import org.web3j.crypto.ECKeyPair;

/**
 * A key holder of the payment-initialization tests: fresh keys each time, so no rate bucket or
 * quota carries over from another test or run.
 */
record Party(String keyHex, ECKeyPair keys, PaymentInitKey key) {

  private static final SecureRandom RANDOM = new SecureRandom();

  static Party fresh() {
    byte[] secret = new byte[32];
    RANDOM.nextBytes(secret);
    String hex = "0x" + HexFormat.of().formatHex(secret);
    PrivateKey key = PrivateKey.of(hex);
    return new Party(hex, ECKeyPair.create(key.secret()), PaymentInitKey.inMemory(key));
  }

  String address() {
    return key.address().hex();
  }

  String publicKeyHex() {
    return "0x" + HexFormat.of().formatHex(key.publicKey());
  }

  /** A JSON request with a fresh bearer token of this key. */
  RequestSpecification api() {
    return TestAuth.client(keys).contentType("application/json");
  }
}
