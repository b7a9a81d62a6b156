package io.vigil.testsupport;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A WebSocket JSON-RPC endpoint on a loopback port that misbehaves the way providers do with
 * subscriptions: it answers {@code eth_subscribe} with an error (no subscriptions), or accepts the
 * subscription and then never pushes a head. Just enough of RFC 6455 for one text message each way
 * (no fragmentation, no extensions). Counts the subscription requests it got.
 */
public final class FakeWebSocketNode implements AutoCloseable {

  private static final String GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";
  private static final Pattern KEY = Pattern.compile("(?im)^Sec-WebSocket-Key:\\s*(\\S+)\\s*$");
  private static final Pattern ID = Pattern.compile("\"id\"\\s*:\\s*(\\d+)");

  /** What the fake does with eth_subscribe. */
  public enum Behaviour {
    /** Answers with a JSON-RPC error, as an endpoint without subscriptions does. */
    REFUSE,
    /** Answers with a subscription id, then stays silent (the connection stays open). */
    GO_SILENT
  }

  private final ServerSocket server;
  private final Behaviour behaviour;
  private final AtomicInteger subscribes = new AtomicInteger();
  private final List<Socket> connections = new CopyOnWriteArrayList<>();
  private final Thread acceptor;

  private FakeWebSocketNode(Behaviour behaviour) {
    this.behaviour = behaviour;
    try {
      this.server = new ServerSocket(0, 16, InetAddress.getLoopbackAddress());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    this.acceptor = new Thread(this::accept, "fake-ws-node");
    acceptor.setDaemon(true);
    acceptor.start();
  }

  public static FakeWebSocketNode start(Behaviour behaviour) {
    return new FakeWebSocketNode(behaviour);
  }

  public String url() {
    return "ws://127.0.0.1:" + server.getLocalPort();
  }

  /** eth_subscribe requests received so far. */
  public int subscribes() {
    return subscribes.get();
  }

  private void accept() {
    while (!server.isClosed()) {
      try {
        Socket socket = server.accept();
        connections.add(socket);
        Thread serve = new Thread(() -> serve(socket), "fake-ws-connection");
        serve.setDaemon(true);
        serve.start();
      } catch (IOException closed) {
        return;
      }
    }
  }

  private void serve(Socket socket) {
    try (socket) {
      InputStream in = socket.getInputStream();
      OutputStream out = socket.getOutputStream();
      Matcher key = KEY.matcher(readHeaders(in));
      if (!key.find()) {
        return;
      }
      out.write(
          ("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                  + "Sec-WebSocket-Accept: "
                  + accept(key.group(1))
                  + "\r\n\r\n")
              .getBytes(StandardCharsets.US_ASCII));
      out.flush();
      DataInputStream frames = new DataInputStream(in);
      while (true) {
        int first = frames.readUnsignedByte();
        int opcode = first & 0x0f;
        byte[] payload = readPayload(frames);
        if (opcode == 0x8) {
          return; // close
        }
        if (opcode == 0x9) {
          writeFrame(out, 0xA, payload); // pong
          continue;
        }
        if (opcode != 0x1) {
          continue;
        }
        String text = new String(payload, StandardCharsets.UTF_8);
        if (!text.contains("eth_subscribe")) {
          continue;
        }
        subscribes.incrementAndGet();
        Matcher id = ID.matcher(text);
        String requestId = id.find() ? id.group(1) : "1";
        String answer =
            behaviour == Behaviour.REFUSE
                ? "{\"jsonrpc\":\"2.0\",\"id\":"
                    + requestId
                    + ",\"error\":{\"code\":-32601,\"message\":\"the method eth_subscribe does not"
                    + " exist/is not available\"}}"
                : "{\"jsonrpc\":\"2.0\",\"id\":" + requestId + ",\"result\":\"0x5eed\"}";
        writeFrame(out, 0x1, answer.getBytes(StandardCharsets.UTF_8));
      }
    } catch (IOException gone) {
      // the client went away or the fake was closed
    }
  }

  private static String readHeaders(InputStream in) throws IOException {
    ByteArrayOutputStream headers = new ByteArrayOutputStream();
    int matched = 0;
    while (matched < 4 && headers.size() < 16_384) {
      int b = in.read();
      if (b < 0) {
        throw new IOException("closed during the handshake");
      }
      headers.write(b);
      matched = (b == '\r' || b == '\n') ? matched + 1 : 0;
    }
    return headers.toString(StandardCharsets.US_ASCII);
  }

  private static byte[] readPayload(DataInputStream in) throws IOException {
    int second = in.readUnsignedByte();
    boolean masked = (second & 0x80) != 0;
    long length = second & 0x7f;
    if (length == 126) {
      length = in.readUnsignedShort();
    } else if (length == 127) {
      length = in.readLong();
    }
    if (length > 1 << 20) {
      throw new IOException("frame too large for the fake");
    }
    byte[] mask = new byte[4];
    if (masked) {
      in.readFully(mask);
    }
    byte[] payload = new byte[(int) length];
    in.readFully(payload);
    if (masked) {
      for (int i = 0; i < payload.length; i++) {
        payload[i] ^= mask[i % 4];
      }
    }
    return payload;
  }

  private static void writeFrame(OutputStream out, int opcode, byte[] payload) throws IOException {
    ByteArrayOutputStream frame = new ByteArrayOutputStream();
    frame.write(0x80 | opcode);
    if (payload.length < 126) {
      frame.write(payload.length);
    } else {
      frame.write(126);
      frame.write(payload.length >>> 8);
      frame.write(payload.length & 0xff);
    }
    frame.write(payload);
    synchronized (out) {
      out.write(frame.toByteArray());
      out.flush();
    }
  }

  private static String accept(String key) {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-1")
              .digest((key + GUID).getBytes(StandardCharsets.US_ASCII));
      return Base64.getEncoder().encodeToString(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void close() {
    try {
      server.close();
    } catch (IOException ignored) {
      // closing anyway
    }
    for (Socket socket : connections) {
      try {
        socket.close();
      } catch (IOException ignored) {
        // closing anyway
      }
    }
  }
}
