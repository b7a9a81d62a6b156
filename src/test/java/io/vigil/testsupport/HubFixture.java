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
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.web3j.abi.EventEncoder;
import org.web3j.abi.datatypes.Event;
import org.web3j.protocol.core.DefaultBlockParameter;
import org.web3j.protocol.core.DefaultBlockParameterName;
import org.web3j.protocol.core.methods.request.EthFilter;
import org.web3j.protocol.core.methods.response.EthLog;
import org.web3j.protocol.core.methods.response.Log;
import org.web3j.protocol.core.methods.response.TransactionReceipt;
import org.web3j.tx.ReadonlyTransactionManager;

/**
 * The one ChannelHub fixture of the tests: deploys or attaches to a hub on an anvil chain and plays
 * the channel parties on it (open, deposit, sign, close, read back), for tests of any role. Party
 * keys are {@link PrivateKey}s or anvil's hex dev keys.
 */
public final class HubFixture implements AutoCloseable {

  /** One ether in wei. */
  public static final BigInteger ETHER = BigInteger.TEN.pow(18);

  private final Anvil anvil;
  private final ChainClient chain;
  private final Address hub;
  private final Eip712 eip712;

  private HubFixture(Anvil anvil, Address hub) {
    this.anvil = anvil;
    this.chain = client(anvil.rpcUrl(), Optional.of(hub));
    this.hub = hub;
    this.eip712 = Eip712.forHub(Anvil.CHAIN_ID, hub);
  }

  /** Deploys a fresh hub on {@code anvil} as dev account 0. */
  public static HubFixture deploy(Anvil anvil) {
    return new HubFixture(anvil, deployHub(anvil.rpcUrl(), devKey(0)));
  }

  /** Drives the hub already deployed at {@code hub} on {@code anvil}. */
  public static HubFixture attach(Anvil anvil, String hub) {
    return new HubFixture(anvil, Address.of(hub));
  }

  /** Deploys the hub at {@code rpcUrl} and returns its address. */
  public static Address deployHub(String rpcUrl, PrivateKey deployer) {
    try (ChainClient chain = client(rpcUrl, Optional.empty())) {
      ChannelHub deployed =
          ChannelHub.deploy(
                  chain.web3j(), chain.transactionManager(deployer), new ChainGasProvider(chain))
              .send();
      return Address.of(deployed.getContractAddress());
    } catch (Exception e) {
      throw new IllegalStateException("hub deployment failed: " + e.getMessage(), e);
    }
  }

  private static ChainClient client(String rpcUrl, Optional<Address> hub) {
    return ChainClient.create(
        ChainClient.Settings.of(List.of(rpcUrl), hub), new SimpleMeterRegistry());
  }

  /** anvil's dev account {@code index} (0..9). */
  public static PrivateKey devKey(int index) {
    return PrivateKey.of(Anvil.DEV_KEYS.get(index));
  }

  /** The address of a hex private key. */
  public static String address(String key) {
    return PrivateKey.of(key).address().hex();
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

  public ChannelHub as(String key) {
    return as(PrivateKey.of(key));
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

  public ChannelId open(
      String keyA,
      String keyB,
      BigInteger depositA,
      BigInteger depositB,
      long challengePeriod,
      BigInteger bounty) {
    return open(
        PrivateKey.of(keyA), PrivateKey.of(keyB), depositA, depositB, challengePeriod, bounty);
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

  public SignedState sign(ChannelState state, String keyA, String keyB) {
    return sign(state, PrivateKey.of(keyA), PrivateKey.of(keyB));
  }

  /** {@code count} states after the opening one: each moves {@code step} wei from A to B. */
  public List<SignedState> payments(
      ChannelId id,
      BigInteger balanceA,
      BigInteger balanceB,
      BigInteger step,
      int count,
      String keyA,
      String keyB) {
    List<SignedState> states = new ArrayList<>();
    ChannelState state = ChannelState.opening(id, balanceA, balanceB);
    for (int i = 0; i < count; i++) {
      state = state.pay(step);
      states.add(sign(state, keyA, keyB));
    }
    return states;
  }

  /** {@code party}'s authorization for {@code hunter} to take the bounty on {@code channel}. */
  public Signature authorizeHunter(ChannelId channel, Address hunter, PrivateKey party) {
    return eip712.signHunterAuthorization(HunterAuthorization.of(channel, hunter), party);
  }

  /** {@link #authorizeHunter} with hex inputs, as 0x hex. */
  public String hunterAuthorization(ChannelId channel, String hunter, String partyKey) {
    return authorizeHunter(channel, Address.of(hunter), PrivateKey.of(partyKey)).hex();
  }

  /** Starts closing with {@code signed}, sent by {@code closerKey}. */
  public TransactionReceipt close(String closerKey, SignedState signed) {
    try {
      return as(closerKey)
          .close(
              toContract(signed.state()),
              signed.signatureA().toBytes(),
              signed.signatureB().toBytes())
          .send();
    } catch (Exception e) {
      throw new IllegalStateException("close failed: " + e.getMessage(), e);
    }
  }

  public BigInteger withdrawable(String account) {
    try {
      return reader().withdrawable(account).send();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  public ChannelHub.ChannelInfo channel(ChannelId id) {
    try {
      return reader().channels(id.toBytes()).send();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  public BigInteger balance(String account) {
    return chain.balance(Address.of(account));
  }

  /**
   * The hub's logs of one event type, for one channel (topic 1) unless {@code id} is null, from
   * block 0 on the current chain.
   */
  public List<Log> logs(Event event, ChannelId id) {
    try {
      EthFilter filter =
          new EthFilter(
              DefaultBlockParameter.valueOf(BigInteger.ZERO),
              DefaultBlockParameterName.LATEST,
              hub.hex());
      filter.addSingleTopic(EventEncoder.encode(event));
      if (id != null) {
        filter.addSingleTopic(id.hex());
      }
      EthLog answer = chain.web3j().ethGetLogs(filter).send();
      List<Log> logs = new ArrayList<>();
      for (EthLog.LogResult<?> result : answer.getLogs()) {
        logs.add((Log) result.get());
      }
      return logs;
    } catch (java.io.IOException e) {
      throw new IllegalStateException(e);
    }
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

  @Override
  public void close() {
    chain.close();
  }
}
