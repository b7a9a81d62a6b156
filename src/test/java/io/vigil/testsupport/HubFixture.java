package io.vigil.testsupport;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vigil.core.chain.ChainClient;
import io.vigil.core.chain.HubEvent;
import io.vigil.core.chain.HubEventDecoder;
import io.vigil.core.channel.ChannelId;
import io.vigil.core.channel.ChannelState;
import io.vigil.core.channel.HunterAuthorization;
import io.vigil.core.channel.SignedState;
import io.vigil.core.crypto.Address;
import io.vigil.core.crypto.Eip712;
import io.vigil.core.crypto.PrivateKey;
import io.vigil.core.crypto.Signature;
import io.vigil.testsupport.contract.ChannelHub;
import java.math.BigInteger;
import java.util.List;
import java.util.Optional;
import org.web3j.protocol.core.methods.response.TransactionReceipt;
import org.web3j.tx.ReadonlyTransactionManager;

/**
 * A deployed ChannelHub on an anvil chain, with helpers to open channels and sign states as the dev
 * accounts. For tests of any role that needs real channels on chain.
 */
public final class HubFixture {

  /** One ether in wei. */
  public static final BigInteger ETHER = BigInteger.TEN.pow(18);

  private final Anvil anvil;
  private final ChainClient chain;
  private final Address hub;
  private final Eip712 eip712;

  private HubFixture(Anvil anvil, ChainClient chain, Address hub) {
    this.anvil = anvil;
    this.chain = chain;
    this.hub = hub;
    this.eip712 = Eip712.forHub(Anvil.CHAIN_ID, hub);
  }

  /** Deploys a fresh hub on {@code anvil} as dev account 0. */
  public static HubFixture deploy(Anvil anvil) {
    Address hub = deployHub(anvil.rpcUrl(), devKey(0));
    ChainClient chain =
        ChainClient.create(
            ChainClient.Settings.of(List.of(anvil.rpcUrl()), Optional.of(hub)),
            new SimpleMeterRegistry());
    return new HubFixture(anvil, chain, hub);
  }

  /** Deploys the hub at {@code rpcUrl} and returns its address. */
  public static Address deployHub(String rpcUrl, PrivateKey deployer) {
    try (ChainClient chain =
        ChainClient.create(
            ChainClient.Settings.of(List.of(rpcUrl), Optional.empty()),
            new SimpleMeterRegistry())) {
      ChannelHub deployed =
          ChannelHub.deploy(
                  chain.web3j(), chain.transactionManager(deployer), new ChainGasProvider(chain))
              .send();
      return Address.of(deployed.getContractAddress());
    } catch (Exception e) {
      throw new IllegalStateException("hub deployment failed: " + e.getMessage(), e);
    }
  }

  /** anvil's dev account {@code index} (0..9). */
  public static PrivateKey devKey(int index) {
    return PrivateKey.of(Anvil.DEV_KEYS.get(index));
  }

  public Anvil anvil() {
    return anvil;
  }

  public ChainClient chain() {
    return chain;
  }

  public Address hub() {
    return hub;
  }

  public Eip712 eip712() {
    return eip712;
  }

  /** The hub wrapper sending as {@code key}. */
  public ChannelHub as(PrivateKey key) {
    return ChannelHub.load(
        hub.hex(), chain.web3j(), chain.transactionManager(key), new ChainGasProvider(chain));
  }

  /** The hub wrapper for calls only. */
  public ChannelHub reader() {
    return ChannelHub.load(
        hub.hex(),
        chain.web3j(),
        new ReadonlyTransactionManager(chain.web3j(), Address.ZERO.hex()),
        new ChainGasProvider(chain));
  }

  /**
   * Opens a channel from {@code a} to {@code b} with {@code depositA}, then has {@code b} deposit
   * {@code depositB} when it is positive.
   */
  public ChannelId open(
      PrivateKey a,
      PrivateKey b,
      BigInteger depositA,
      BigInteger depositB,
      long challengePeriod,
      BigInteger bounty) {
    try {
      TransactionReceipt opened =
          as(a)
              .open(b.address().hex(), BigInteger.valueOf(challengePeriod), bounty, depositA)
              .send();
      ChannelId id =
          events(opened).stream()
              .filter(HubEvent.ChannelOpened.class::isInstance)
              .map(event -> ((HubEvent.ChannelOpened) event).channelId())
              .findFirst()
              .orElseThrow(() -> new IllegalStateException("no ChannelOpened event"));
      if (depositB.signum() > 0) {
        as(b).deposit(id.toBytes(), depositB).send();
      }
      return id;
    } catch (Exception e) {
      throw new IllegalStateException("open failed: " + e.getMessage(), e);
    }
  }

  /** The hub events in a receipt, decoded. */
  public static List<HubEvent> events(TransactionReceipt receipt) {
    HubEventDecoder decoder = new HubEventDecoder();
    return receipt.getLogs().stream().flatMap(log -> decoder.decode(log).stream()).toList();
  }

  /** {@code state} signed by both parties. */
  public SignedState sign(ChannelState state, PrivateKey a, PrivateKey b) {
    return eip712.coSign(state, a, b);
  }

  /** {@code party}'s authorization for {@code hunter} to take the bounty on {@code channel}. */
  public Signature authorizeHunter(ChannelId channel, Address hunter, PrivateKey party) {
    return eip712.signHunterAuthorization(HunterAuthorization.of(channel, hunter), party);
  }

  /** The state as the generated wrapper takes it. */
  public static ChannelHub.State toContract(ChannelState state) {
    return new ChannelHub.State(
        state.channelId().toBytes(),
        BigInteger.valueOf(state.nonce()),
        state.balanceA(),
        state.balanceB());
  }

  /** Moves the chain's clock past {@code seconds} and mines a block carrying the new time. */
  public void advanceTime(long seconds) {
    anvil.increaseTime(seconds);
    anvil.mine(1);
  }
}
