package io.vigil.testsupport;

import io.vigil.core.channel.ChannelId;
import io.vigil.core.channel.ChannelState;
import io.vigil.core.channel.HunterAuthorization;
import io.vigil.core.channel.SignedState;
import io.vigil.core.crypto.Address;
import io.vigil.core.crypto.Eip712;
import io.vigil.core.crypto.PrivateKey;
import io.vigil.testsupport.contract.ChannelHub;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import org.web3j.abi.EventEncoder;
import org.web3j.crypto.Credentials;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.DefaultBlockParameter;
import org.web3j.protocol.core.methods.request.EthFilter;
import org.web3j.protocol.core.methods.response.EthLog;
import org.web3j.protocol.core.methods.response.Log;
import org.web3j.protocol.core.methods.response.TransactionReceipt;
import org.web3j.protocol.http.HttpService;
import org.web3j.tx.RawTransactionManager;
import org.web3j.tx.gas.StaticGasProvider;
import org.web3j.tx.response.PollingTransactionReceiptProcessor;

/**
 * Plays the channel parties in watchtower tests: deploys a hub, opens channels, signs states with
 * the hub's EIP-712 domain and sends the parties' transactions, on a real anvil.
 */
public final class ChannelDriver implements AutoCloseable {

  public static final BigInteger ETHER = BigInteger.TEN.pow(18);
  private static final StaticGasProvider GAS =
      new StaticGasProvider(BigInteger.valueOf(20_000_000_000L), BigInteger.valueOf(3_000_000));

  private final Web3j web3j;
  private final String hub;
  private final Eip712 eip712;

  private ChannelDriver(Web3j web3j, String hub) {
    this.web3j = web3j;
    this.hub = hub;
    this.eip712 = Eip712.forHub(Anvil.CHAIN_ID, Address.of(hub));
  }

  /** Deploys a fresh hub on this chain with the given deployer key. */
  public static ChannelDriver deploy(String rpcUrl, String deployerKey) {
    Web3j web3j = Web3j.build(new HttpService(rpcUrl));
    try {
      ChannelHub deployed = ChannelHub.deploy(web3j, manager(web3j, deployerKey), GAS).send();
      return new ChannelDriver(web3j, deployed.getContractAddress().toLowerCase());
    } catch (Exception e) {
      throw new IllegalStateException("hub deployment failed", e);
    }
  }

  /** Drives an already deployed hub. */
  public static ChannelDriver attach(String rpcUrl, String hub) {
    return new ChannelDriver(Web3j.build(new HttpService(rpcUrl)), hub.toLowerCase());
  }

  public String hub() {
    return hub;
  }

  public Eip712 eip712() {
    return eip712;
  }

  public ChannelHub as(String key) {
    return ChannelHub.load(hub, web3j, manager(web3j, key), GAS);
  }

  /** Opens a channel from A to B with A's deposit; B adds its own deposit when non-zero. */
  public ChannelId open(
      String keyA,
      String keyB,
      BigInteger depositA,
      BigInteger depositB,
      long challengePeriod,
      BigInteger bounty) {
    try {
      TransactionReceipt opened =
          as(keyA)
              .open(
                  PrivateKey.of(keyB).address().hex(),
                  BigInteger.valueOf(challengePeriod),
                  bounty,
                  depositA)
              .send();
      ChannelId id = ChannelId.of(ChannelHub.getChannelOpenedEvents(opened).get(0).channelId);
      if (depositB.signum() > 0) {
        as(keyB).deposit(id.toBytes(), depositB).send();
      }
      return id;
    } catch (Exception e) {
      throw new IllegalStateException("open failed", e);
    }
  }

  public SignedState coSign(ChannelState state, String keyA, String keyB) {
    return eip712.coSign(state, PrivateKey.of(keyA), PrivateKey.of(keyB));
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
      states.add(coSign(state, keyA, keyB));
    }
    return states;
  }

  public String hunterAuthorization(ChannelId id, String hunter, String partyKey) {
    return eip712
        .signHunterAuthorization(
            HunterAuthorization.of(id, Address.of(hunter)), PrivateKey.of(partyKey))
        .hex();
  }

  public TransactionReceipt close(String closerKey, SignedState signed) {
    try {
      return as(closerKey)
          .close(
              struct(signed.state()), signed.signatureA().toBytes(), signed.signatureB().toBytes())
          .send();
    } catch (Exception e) {
      throw new IllegalStateException("close failed", e);
    }
  }

  public BigInteger withdrawable(String account) {
    try {
      return as(Anvil.DEV_KEYS.get(0)).withdrawable(account).send();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  public ChannelHub.ChannelInfo channel(ChannelId id) {
    try {
      return as(Anvil.DEV_KEYS.get(0)).channels(id.toBytes()).send();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  public BigInteger balance(String account) {
    try {
      return web3j
          .ethGetBalance(account, org.web3j.protocol.core.DefaultBlockParameterName.LATEST)
          .send()
          .getBalance();
    } catch (java.io.IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * The hub's logs of one event type for a channel (topic 1), from block 0 on the current chain.
   */
  public List<Log> logs(org.web3j.abi.datatypes.Event event, ChannelId id) {
    try {
      EthFilter filter =
          new EthFilter(
              DefaultBlockParameter.valueOf(BigInteger.ZERO),
              org.web3j.protocol.core.DefaultBlockParameterName.LATEST,
              hub);
      filter.addSingleTopic(EventEncoder.encode(event));
      if (id != null) {
        filter.addSingleTopic(id.hex());
      }
      EthLog answer = web3j.ethGetLogs(filter).send();
      List<Log> logs = new ArrayList<>();
      for (EthLog.LogResult<?> result : answer.getLogs()) {
        logs.add((Log) result.get());
      }
      return logs;
    } catch (java.io.IOException e) {
      throw new IllegalStateException(e);
    }
  }

  public static ChannelHub.State struct(ChannelState state) {
    return new ChannelHub.State(
        state.channelId().toBytes(),
        BigInteger.valueOf(state.nonce()),
        state.balanceA(),
        state.balanceB());
  }

  public static String address(String key) {
    return PrivateKey.of(key).address().hex();
  }

  private static RawTransactionManager manager(Web3j web3j, String key) {
    return new RawTransactionManager(
        web3j,
        Credentials.create(key),
        Anvil.CHAIN_ID,
        new PollingTransactionReceiptProcessor(web3j, 50, 400));
  }

  @Override
  public void close() {
    web3j.shutdown();
  }
}
