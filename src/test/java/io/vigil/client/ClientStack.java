package io.vigil.client;

import io.vigil.testsupport.Anvil;
import io.vigil.testsupport.Await;
import io.vigil.testsupport.HubFixture;
import io.vigil.testsupport.ProcessSettings;
import io.vigil.testsupport.TestInfrastructure;
import io.vigil.testsupport.VigilProcess;
import java.math.BigInteger;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.web3j.crypto.Keys;
import org.web3j.utils.Numeric;

/**
 * A world for client-kit integration tests: one anvil with one deployed hub, and any number of
 * Vigil processes (all roles) against it. Each process is its own deployment: its own database,
 * Kafka topic prefix and consumer groups, receipt key, relay dispute key (whose address is its
 * hunter address) and relay post key, both funded on the anvil. Anvil's development keys 1 to 4 are
 * left to the tests for channel parties. Tests stop what they start: closing the stack stops its
 * processes and anvil.
 */
public final class ClientStack implements AutoCloseable {

  /** A Vigil deployment of this stack: its settings, and its process once started. */
  public static final class Node implements AutoCloseable {
    private final String name;
    private final Map<String, String> config;
    private final String receiptKey;
    private final String hotKey;
    private final String postKey;
    private VigilProcess process;
    private int starts;

    private Node(
        String name, Map<String, String> config, String receiptKey, String hotKey, String postKey) {
      this.name = name;
      this.config = config;
      this.receiptKey = receiptKey;
      this.hotKey = hotKey;
      this.postKey = postKey;
    }

    /** Settings the process starts with; change them before {@link #start()}. */
    public Map<String, String> config() {
      return config;
    }

    /**
     * Starts the process and waits until it is ready. A node started again after {@link #close()}
     * keeps its port and database, as a restarted deployment would.
     */
    public Node start() {
      if (process != null) {
        throw new IllegalStateException(name + " is already started");
      }
      process = VigilProcess.start(name + "-" + starts++, config);
      config.put("quarkus.http.port", String.valueOf(process.port()));
      return this;
    }

    /** Whether its process is running now. */
    public boolean running() {
      return process != null;
    }

    /** Waits until its chain follower has passed block {@code head}. */
    public void awaitFollowed(long head) {
      var postgres = TestInfrastructure.get().postgres();
      String jdbcUrl = config.get("quarkus.datasource.jdbc.url");
      Await.until(
          name + " to follow block " + head,
          Duration.ofSeconds(60),
          () -> {
            try (Connection c =
                    DriverManager.getConnection(jdbcUrl, postgres.user(), postgres.password());
                Statement s = c.createStatement();
                ResultSet r = s.executeQuery("select number from chain_cursor")) {
              return r.next() && r.getLong(1) >= head;
            } catch (SQLException notYet) {
              return false;
            }
          });
    }

    public VigilProcess process() {
      if (process == null) {
        throw new IllegalStateException(name + " is not started");
      }
      return process;
    }

    /**
     * The base URL of its API (watcher, relay, router: all roles run); once started, the same while
     * it is stopped.
     */
    public String url() {
      String port = config.get("quarkus.http.port");
      if (port == null) {
        return process().baseUrl();
      }
      return "http://127.0.0.1:" + port;
    }

    /** The key that signs its delegation receipts. */
    public String receiptKey() {
      return receiptKey;
    }

    public String receiptAddress() {
      return HubFixture.address(receiptKey);
    }

    /** The relay's dispute key; its address is the watcher's hunter address. */
    public String hotKey() {
      return hotKey;
    }

    public String hunter() {
      return HubFixture.address(hotKey);
    }

    /** The relay's post key: it sends the co-signed states clients ask it to post. */
    public String postKey() {
      return postKey;
    }

    @Override
    public void close() {
      if (process != null) {
        process.close();
        process = null;
      }
    }
  }

  private final Anvil anvil;
  private final HubFixture hub;
  private final long startBlock;
  private final List<Node> nodes = new ArrayList<>();

  public ClientStack() {
    anvil = Anvil.start(List.of());
    hub = HubFixture.deploy(anvil);
    startBlock = blockNumber();
  }

  public Anvil anvil() {
    return anvil;
  }

  public HubFixture hub() {
    return hub;
  }

  public String rpcUrl() {
    return anvil.rpcUrl();
  }

  public String hubAddress() {
    return hub.hub().hex();
  }

  public long chainId() {
    return Anvil.CHAIN_ID;
  }

  /** A development key for a channel party: 1 to 4 (0 deployed the hub). */
  public static String partyKey(int index) {
    if (index < 1 || index > 4) {
      throw new IllegalArgumentException("party keys are anvil's development keys 1 to 4");
    }
    return Anvil.DEV_KEYS.get(index);
  }

  /** A new deployment in this stack, configured but not started. */
  public Node node(String name) {
    String id = UUID.randomUUID().toString().replace("-", "").substring(0, 10);
    String receiptKey = freshKey();
    String hotKey = freshKey();
    String postKey = freshKey();
    fund(HubFixture.address(hotKey), HubFixture.ETHER.multiply(BigInteger.valueOf(100)));
    fund(HubFixture.address(postKey), HubFixture.ETHER.multiply(BigInteger.valueOf(10)));
    Node node =
        new Node(name, config(id, receiptKey, hotKey, postKey), receiptKey, hotKey, postKey);
    nodes.add(node);
    return node;
  }

  /** A new deployment in this stack, started. */
  public Node startNode(String name) {
    return node(name).start();
  }

  /** Sets an account's balance on the anvil. */
  public void fund(String address, BigInteger wei) {
    anvil.rpc(
        "anvil_setBalance", "[\"" + address + "\",\"" + Numeric.toHexStringWithPrefix(wei) + "\"]");
  }

  public long blockNumber() {
    String answer = anvil.rpc("eth_blockNumber", "[]");
    return Long.parseLong(answer.replaceAll(".*\"result\":\"0x([0-9a-fA-F]+)\".*", "$1"), 16);
  }

  private Map<String, String> config(String id, String receiptKey, String hotKey, String postKey) {
    String topics = "cs-" + id;
    return ProcessSettings.roles("all")
        .shared(TestInfrastructure.get().postgres().createDatabase("cs_" + id))
        .chain(anvil.rpcUrl(), hub.hub().hex(), startBlock)
        .watchtower(HubFixture.address(hotKey), hotKey)
        // The receipts are signed with a key of this stack's own.
        .set("vigil.watcher.receipt-key", receiptKey)
        .set("vigil.relay.post-keys", postKey)
        .quickLoops()
        .topics(topics)
        .deadLetterTopics(topics)
        .map();
  }

  private static String freshKey() {
    try {
      return Numeric.toHexStringWithPrefixZeroPadded(Keys.createEcKeyPair().getPrivateKey(), 64);
    } catch (java.security.GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void close() {
    for (Node node : nodes) {
      node.close();
    }
    hub.close();
    anvil.close();
  }
}
