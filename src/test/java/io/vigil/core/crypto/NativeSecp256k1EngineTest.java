package io.vigil.core.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vigil.core.channel.ChannelId;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.web3j.crypto.Hash;

/**
 * Signing pinned byte for byte. The expected r, s and v below were made by the signer this engine
 * had before it signed inside libsecp256k1 (RFC 6979 nonces and the scalar arithmetic in Java), so
 * a key and a digest must still give exactly the signature they gave then: receipts already handed
 * out stay reproducible, and a change of nonce or of v would show here. Keys include both ends of
 * the range and its middle; digests include 0, the group order n (reduced to 0, so it signs like 0)
 * and all ones (above n). SEEDED keys and digest were drawn from {@code new Random(20251123)}.
 */
class NativeSecp256k1EngineTest {

  private record SigningKey(String hex, String address) {}

  private record Vector(SigningKey key, String digest, String r, String s, int v) {}

  private static final SigningKey ONE =
      new SigningKey(
          "0x0000000000000000000000000000000000000000000000000000000000000001",
          "0x7e5f4552091a69125d5dfcb7b8c2659029395bdf");
  private static final SigningKey ORDER_MINUS_ONE =
      new SigningKey(
          "0xfffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364140",
          "0x80c0dbf239224071c59dd8970ab9d542e3414ab2");
  private static final SigningKey HALF_ORDER =
      new SigningKey(
          "0x7fffffffffffffffffffffffffffffff5d576e7357a4501ddfe92f46681b20a0",
          "0x3b3c67f57f74ce72a02978b0492620b1a661da43");
  private static final SigningKey ELEVENS =
      new SigningKey(
          "0x1111111111111111111111111111111111111111111111111111111111111111",
          "0x19e7e376e7c213b7e7e7e46cc70a5dd086daff2a");
  private static final SigningKey SEEDED_1 =
      new SigningKey(
          "0x879f7023dadab9c3e020858a586fd699fd2792e58050b7b3d12c1d5d62124e30",
          "0x6c34ba4480026f6e6c0a68d8f44c4adad53e4441");
  private static final SigningKey SEEDED_2 =
      new SigningKey(
          "0xaa7d946fe111e497007d6d9f58a96dd06ff301bf6e6ad573246a769bbc0f950c",
          "0x7cd74b20f4ce653b09d823fff8d690e505923a96");
  private static final SigningKey SEEDED_3 =
      new SigningKey(
          "0x468f896c25fdbc172a953cc5178447e84e1e2665114986ec6ceb18ca1c2af448",
          "0x61d945c90e6c2eaedc016cca0e5cebcc3afede95");

  private static final String ZERO_DIGEST = "0x" + "00".repeat(32);
  private static final String ALL_ONES_DIGEST = "0x" + "ff".repeat(32);
  private static final String ORDER_DIGEST =
      "0xfffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141";
  private static final String RECEIPT_DIGEST =
      "0x86f4ce325c241ff910cdc10396161842dcb1257b3c8fb3060e7e8207c6760fab";
  private static final String KECCAK_OF_VIGIL_DIGEST = Hash.sha3String("vigil");
  private static final String SEEDED_DIGEST =
      "0x27f699751772a998223a882b0d0bc2d57ff7d4c0ee515bc818059cd25d387134";

  private static final List<Vector> VECTORS =
      List.of(
          new Vector(
              ONE,
              ZERO_DIGEST,
              "0xa0b37f8fba683cc68f6574cd43b39f0343a50008bf6ccea9d13231d9e7e2e1e4",
              "0x11edc8d307254296264aebfc3dc76cd8b668373a072fd64665b50000e9fcce52",
              28),
          new Vector(
              ONE,
              ALL_ONES_DIGEST,
              "0x7cb38cc5712e9e11a767615f6080dbc111c9cdd613eb98999fd92a86bafd4540",
              "0x7923ca1f4d03471d2866f776ef8a6d3cac099b427331aeb245aa9dafeddcf115",
              27),
          new Vector(
              ONE,
              ORDER_DIGEST,
              "0xa0b37f8fba683cc68f6574cd43b39f0343a50008bf6ccea9d13231d9e7e2e1e4",
              "0x11edc8d307254296264aebfc3dc76cd8b668373a072fd64665b50000e9fcce52",
              28),
          new Vector(
              ONE,
              RECEIPT_DIGEST,
              "0x6523747600d5ae16c5ef02309cab2915724da12f4e329ed38f3721cc956666f7",
              "0x6d3d0a824894b17dee474e917b2d2e96add157cc7619fe8bbf004a76649cfd6a",
              27),
          new Vector(
              ONE,
              KECCAK_OF_VIGIL_DIGEST,
              "0x4b0b00654e3c5969ff399a65e05fa2660cc1e3ab721e1ac79c8969d5307bd741",
              "0x4db6e74cfde5fc9ffcb243b24fbc2a88255b68215cac95f834a97cbb86a199b8",
              28),
          new Vector(
              ONE,
              SEEDED_DIGEST,
              "0x4bb42b1bb87ca89f7df06a911e50854a0aab74c0362b327cb3dbe9bb3cb458f9",
              "0x58481e2dc82b7ef97e6f821ee02f0a85baa31b9f98a137bada360b533ef19375",
              28),
          new Vector(
              ORDER_MINUS_ONE,
              ZERO_DIGEST,
              "0x919026f3e239ea52cf530eb6d345dc2b56ef0928f1e9ad20d8f360284dc65048",
              "0x14395e7137e2204f15b69239010f3c34fbb3c858a29b0d106b1fa65bc0047263",
              27),
          new Vector(
              ORDER_MINUS_ONE,
              ALL_ONES_DIGEST,
              "0xa7f83b5963eaf5332c633327cc967be8f4166d3f1e0b77f9761d8f4e42211e9a",
              "0x58aae31be1eb1e496923bbe8ca5e843cfb89f4d986d61d4edfd7d6fc3c9cf62c",
              27),
          new Vector(
              ORDER_MINUS_ONE,
              ORDER_DIGEST,
              "0x919026f3e239ea52cf530eb6d345dc2b56ef0928f1e9ad20d8f360284dc65048",
              "0x14395e7137e2204f15b69239010f3c34fbb3c858a29b0d106b1fa65bc0047263",
              27),
          new Vector(
              ORDER_MINUS_ONE,
              RECEIPT_DIGEST,
              "0xec431065a534dd66bc47e9f97084931650ea1e1db6e9fe6cefffb0d9e2fc79b3",
              "0x172748edf5a4539b3d498e0d2444516560e4a7b68aac8d55677dfa55a3f1b842",
              27),
          new Vector(
              ORDER_MINUS_ONE,
              KECCAK_OF_VIGIL_DIGEST,
              "0x974b0713902c2bc017d7de000bb8e862b1028bec6aebb97af5a9ce1cc6355de7",
              "0x1bfc2343631469bd088febecafe376d4582c42782ea1aa84b17a818a2b3e585d",
              27),
          new Vector(
              ORDER_MINUS_ONE,
              SEEDED_DIGEST,
              "0xb9051bd8bee16aa02bd319fa0cd46e363ac048324cbbd216400b06fe8d29a2af",
              "0x74db3982cadcfaeef9e42ee78e650b594a2c6936de0ccb3440668b2613226bf5",
              27),
          new Vector(
              HALF_ORDER,
              ZERO_DIGEST,
              "0xd73785d5d865715b959d6b0dc6bf6a159a04a0ad3179ab342df4c25c7ba2eb39",
              "0x30ade6eee3d45ed3f1cbb10c1dd2a15b8eeb00817fbd818e1210742e3b067c8a",
              27),
          new Vector(
              HALF_ORDER,
              ALL_ONES_DIGEST,
              "0xa85694ca83c5452b73e018dd92256e2b4d7cba06ea15792df7c10489573f238e",
              "0x47a1c43d3f64d725beb8db6897b785197b11ad2726ae1f8028f2eecdcde7b7f7",
              28),
          new Vector(
              HALF_ORDER,
              ORDER_DIGEST,
              "0xd73785d5d865715b959d6b0dc6bf6a159a04a0ad3179ab342df4c25c7ba2eb39",
              "0x30ade6eee3d45ed3f1cbb10c1dd2a15b8eeb00817fbd818e1210742e3b067c8a",
              27),
          new Vector(
              HALF_ORDER,
              RECEIPT_DIGEST,
              "0x776cfe71f2ab82898e662a148d1c0da5937a2e412ef881762a078f0a182ed66b",
              "0x15fe7b46e999af1f405d7c133d7711f60924e8eea62717d0adfe9f705b13c1a0",
              27),
          new Vector(
              HALF_ORDER,
              KECCAK_OF_VIGIL_DIGEST,
              "0xee0fae708784bb0b80cc3be46432737880579be77bec2e4f296599de153ed5dd",
              "0x09816f075d29c20811e49cf93a8b07b40a9787240182f6f4fb8cced7259bc7c2",
              28),
          new Vector(
              HALF_ORDER,
              SEEDED_DIGEST,
              "0x7193d50872f8684d30ceb04dc908bb317009e7567418f78b7b1751b24aa5abd6",
              "0x0630b47410fd17871fc571ebd6f33579413558d452b5fb4f7599aef61d6bdda6",
              28),
          new Vector(
              ELEVENS,
              ZERO_DIGEST,
              "0xe0a180fdd0fe38037cc878c03832861b40a29d32bd7b40b10c9e1efc8c1468a0",
              "0x5ae06d1624896d0d29f4b31e32772ea3cb1b4d7ed4e077e5da28dcc33c0e7812",
              28),
          new Vector(
              ELEVENS,
              ALL_ONES_DIGEST,
              "0x45c1e80d7a6594f02ee06e4539b015822faa10f1e210abfd717cf730527e47e7",
              "0x0c795c208cf7025f80e87422b183a74793f2862e4ddf8ef3c1931fd7ff9da148",
              28),
          new Vector(
              ELEVENS,
              ORDER_DIGEST,
              "0xe0a180fdd0fe38037cc878c03832861b40a29d32bd7b40b10c9e1efc8c1468a0",
              "0x5ae06d1624896d0d29f4b31e32772ea3cb1b4d7ed4e077e5da28dcc33c0e7812",
              28),
          new Vector(
              ELEVENS,
              RECEIPT_DIGEST,
              "0x5ebaa42d145488b7d13acaa064a8915f7e4531cec3588eda644b100eeccf9669",
              "0x7f758998a0cb2976b66e98f33c6301dca93ee3230e48913157edf9c7234d5468",
              28),
          new Vector(
              ELEVENS,
              KECCAK_OF_VIGIL_DIGEST,
              "0xeb4498d243851a17e11799eb7f127b78f43c12aed7a3d653db11024ef9f7ae05",
              "0x2f40255fcc86f118567f42fb23e6aaf4992fd6f9ba6433f3e64978b84f5cae5e",
              27),
          new Vector(
              ELEVENS,
              SEEDED_DIGEST,
              "0x930ea2a2b831faaf9d606e1e950df7cb7e19c44b04793d4c4b0e1a583bb8bad9",
              "0x23be35553e1968217248370e3385f8116d56d86ddf1aca163fba0dd22b4fb4df",
              28),
          new Vector(
              SEEDED_1,
              ZERO_DIGEST,
              "0xe88361b0940e63e512efd9c34b8f218b37210c67e86b9ead8cda7e7d57c6b11f",
              "0x198ee2d4edb619e0d4291df4d9bddb77e92349e2b362427bc78e8b96f668c31d",
              28),
          new Vector(
              SEEDED_1,
              ALL_ONES_DIGEST,
              "0x94aacde4da8c24de5bc30e554a376b36392913c6a62538f1b07ba3328b17ddb2",
              "0x685f96d51c03b78833b411e0b0cc9a542c8fdd329043cdec0c9114e7e17ed5bd",
              28),
          new Vector(
              SEEDED_1,
              ORDER_DIGEST,
              "0xe88361b0940e63e512efd9c34b8f218b37210c67e86b9ead8cda7e7d57c6b11f",
              "0x198ee2d4edb619e0d4291df4d9bddb77e92349e2b362427bc78e8b96f668c31d",
              28),
          new Vector(
              SEEDED_1,
              RECEIPT_DIGEST,
              "0x5336b8ac4a47deeea394c118d1bfe9c5885794a67c7b8bbe5aedc785ae2f0aee",
              "0x28e9364b18c259490e6313511daa84b84dc0f46639fbf7a2e275559e09e652f8",
              28),
          new Vector(
              SEEDED_1,
              KECCAK_OF_VIGIL_DIGEST,
              "0xb56d592a2933376def0772706dfcf84a57b9d42ef050cb256f9b8083946d9d25",
              "0x1d51de278aa1571d15f1b8cb1a5b20be03c643c15bad8769f319ccdaa1ff66ff",
              28),
          new Vector(
              SEEDED_1,
              SEEDED_DIGEST,
              "0xa7824f4a3d41d300e81f6c87fd5364d97f0db2b12d04be97e0be35869cc9549b",
              "0x308626dabc03ba494a5b5768ddbf0f7118a29e246443e969988a15dee4a652fc",
              27),
          new Vector(
              SEEDED_2,
              ZERO_DIGEST,
              "0xb93af539e77413743941f5c92b5a01342d84479d414613323d4aeae3367850da",
              "0x492b733e45da843e1a668045793395742a80c44627ab7e414fcae781b76e374c",
              28),
          new Vector(
              SEEDED_2,
              ALL_ONES_DIGEST,
              "0x1841d11229563d50b05ca3ca74951bfa63551a87d105d99227c73cbd26655b69",
              "0x253de70aecf9edded224442235ed8bdd19c44243601e322cc0a4285259aec6b6",
              28),
          new Vector(
              SEEDED_2,
              ORDER_DIGEST,
              "0xb93af539e77413743941f5c92b5a01342d84479d414613323d4aeae3367850da",
              "0x492b733e45da843e1a668045793395742a80c44627ab7e414fcae781b76e374c",
              28),
          new Vector(
              SEEDED_2,
              RECEIPT_DIGEST,
              "0x738b935cb5dd6eb3edf3b9f70e5a54ee2694d9fb96dfc5486af83c1dc6c2ba29",
              "0x5709a25da6ff6dbc77642e87fc684f31ba0763f84c037330216decf2b5b151e9",
              27),
          new Vector(
              SEEDED_2,
              KECCAK_OF_VIGIL_DIGEST,
              "0x3eb8cf28727b41dc2762e4803dd5979d6dce3eaf7b2cc0bc9cdb4d3205452ac5",
              "0x36360ed3ef4f29bb150cb2073e915a076db29972d68fac7e738cfe000f0ef9f3",
              28),
          new Vector(
              SEEDED_2,
              SEEDED_DIGEST,
              "0x93f1d33c1c3badaf68cee3e2798fd64d7b0714592c7642f5b9012fa011aeed5b",
              "0x69705cdd94d372c09537d2367c8e53c28d389c30690c26544922d61a44b91ba7",
              28),
          new Vector(
              SEEDED_3,
              ZERO_DIGEST,
              "0x9e69e67882724f3494c23a858648b54aa516e5919f1634530ae1f67ed9d54b40",
              "0x6ad586f3f056b747896e49a4dfae597f225001b680c32c4234dccf29f06a148d",
              27),
          new Vector(
              SEEDED_3,
              ALL_ONES_DIGEST,
              "0x07a4e7a64b34534f240fc64e9a02f7f55fc86c546eddeff143d7721c093262ea",
              "0x18af28d2889abb05ccb0b7bc4d349361272caaa41f0ab8e03d8184e4a89fa3b7",
              27),
          new Vector(
              SEEDED_3,
              ORDER_DIGEST,
              "0x9e69e67882724f3494c23a858648b54aa516e5919f1634530ae1f67ed9d54b40",
              "0x6ad586f3f056b747896e49a4dfae597f225001b680c32c4234dccf29f06a148d",
              27),
          new Vector(
              SEEDED_3,
              RECEIPT_DIGEST,
              "0xce61467010d164d3dbe61c16ba269b02cc038c03b32b3d4235e8d9a1bf9cea55",
              "0x4165ecbd2d365b6ebceba5b3c7769308e6e5acdf750f0bb18636c3b8dcabd540",
              27),
          new Vector(
              SEEDED_3,
              KECCAK_OF_VIGIL_DIGEST,
              "0x0773a4322e644970b2eb497620e1548eef6f71d7735d3b58f909babc3812b002",
              "0x6dd0ba0e4902aeecef8b5edd30e1f4f7e3abb84e1f295e9e171fa60fd834bc59",
              28),
          new Vector(
              SEEDED_3,
              SEEDED_DIGEST,
              "0xe36288d504b0dcfe18fb4bb0420f6b7a3f16acad40707de5e1e8f5bff4428ffe",
              "0x0c60f962c12055f99e99655331bbfb4035d7a23634b73bf60bef27b7d31917e7",
              28));

  private final Secp256k1Engine engine =
      NativeSecp256k1Engine.load(NativeSecp256k1Engine::defaultLoader).orElseThrow();

  @Test
  void shouldSignTheRecordedBytesWhenKeysAndDigestsAreTheRecordedVectors() {
    for (Vector vector : VECTORS) {
      PrivateKey key = PrivateKey.of(vector.key().hex());
      byte[] digest = bytes(vector.digest());

      Signature signed = engine.sign(digest, key);

      assertThat(signed)
          .as("key %s, digest %s", vector.key().address(), vector.digest())
          .isEqualTo(Signature.of(bytes(vector.r()), bytes(vector.s()), vector.v()));
      assertThat(signed.hasLowS()).isTrue();
    }
    assertThat(VECTORS).extracting(Vector::v).contains(27, 28);
  }

  @Test
  void shouldRecoverTheSignersAddressWhenRecordedVectorsAreRecoveredByEitherEngine() {
    Secp256k1Engine bouncyCastle = new BouncyCastleSecp256k1Engine();
    for (Vector vector : VECTORS) {
      byte[] digest = bytes(vector.digest());
      Signature signature = Signature.of(bytes(vector.r()), bytes(vector.s()), vector.v());
      Address signer = Address.of(vector.key().address());

      assertThat(PrivateKey.of(vector.key().hex()).address()).isEqualTo(signer);
      assertThat(engine.recoverAddress(digest, signature)).contains(signer);
      assertThat(bouncyCastle.recoverAddress(digest, signature)).contains(signer);
    }
  }

  @Test
  void shouldSignTheRecordedBytesWhenBouncyCastleIsTheFallback() {
    Secp256k1Engine bouncyCastle = new BouncyCastleSecp256k1Engine();
    for (Vector vector : VECTORS) {
      Signature signed =
          bouncyCastle.sign(bytes(vector.digest()), PrivateKey.of(vector.key().hex()));

      assertThat(signed)
          .as("key %s, digest %s", vector.key().address(), vector.digest())
          .isEqualTo(Signature.of(bytes(vector.r()), bytes(vector.s()), vector.v()));
    }
  }

  @Test
  void shouldSignDelegationReceiptThatRecoversToTheReceiptKey() {
    DelegationReceipts receipts =
        new DelegationReceipts(
            Eip712Domain.of(31337, Address.of("0x5FbDB2315678afecb367f032d93F642f64180aa3")));
    byte[] digest = receipts.digest(ChannelId.of("0x" + "0f".repeat(32)), 7, 123);
    PrivateKey receiptKey = PrivateKey.of(SEEDED_2.hex());

    Signature receipt = engine.sign(digest, receiptKey);

    assertThat(digest).isEqualTo(bytes(RECEIPT_DIGEST));
    assertThat(engine.recoverAddress(digest, receipt)).contains(receiptKey.address());
    assertThat(receipt.toBytes()).hasSize(65);
  }

  @Test
  void shouldGiveTheVWhoseRecoveryIsTheSignerWhenManySeededKeysSignManyDigests() {
    // v is read from the nonce point rebuilt from r, s and the key, not found by recovering: it
    // must be the one v of the two that recovers the signer, and equal to what BouncyCastle signs.
    Secp256k1Engine bouncyCastle = new BouncyCastleSecp256k1Engine();
    java.util.Random random = new java.util.Random(20261207);
    java.util.Set<Integer> seen = new java.util.HashSet<>();
    for (int i = 0; i < 400; i++) {
      PrivateKey key =
          PrivateKey.of(
              new java.math.BigInteger(256, random)
                  .mod(Secp256k1Engine.ORDER.subtract(java.math.BigInteger.ONE))
                  .add(java.math.BigInteger.ONE));
      byte[] digest = new byte[32];
      random.nextBytes(digest);

      Signature signed = engine.sign(digest, key);

      Signature twin = Signature.of(signed.r(), signed.s(), signed.v() == 27 ? 28 : 27);
      assertThat(engine.recoverAddress(digest, signed)).contains(key.address());
      assertThat(engine.recoverAddress(digest, twin)).isNotEqualTo(Optional.of(key.address()));
      assertThat(signed).isEqualTo(bouncyCastle.sign(digest, key));
      seen.add(signed.v());
    }
    assertThat(seen).containsExactlyInAnyOrder(27, 28);
  }

  @Test
  void shouldLeaveTheKeyIntactWhenItsCopyIsWipedAfterSigning() {
    PrivateKey key = PrivateKey.of(SEEDED_1.hex());
    byte[] digest = bytes(KECCAK_OF_VIGIL_DIGEST);

    Signature first = engine.sign(digest, key);
    Signature second = engine.sign(digest, key);

    assertThat(second).isEqualTo(first);
    assertThat(key.toBytes()).isEqualTo(bytes(SEEDED_1.hex()));
  }

  @Test
  void shouldRefuseToSignWhenDigestIsNot32Bytes() {
    PrivateKey key = PrivateKey.of(ONE.hex());

    assertThatThrownBy(() -> engine.sign(new byte[31], key))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("32 bytes");
    assertThatThrownBy(() -> engine.sign(new byte[33], key))
        .isInstanceOf(IllegalArgumentException.class);
  }

  private static byte[] bytes(String hex) {
    return HexFormat.of().parseHex(hex.substring(2));
  }
}
