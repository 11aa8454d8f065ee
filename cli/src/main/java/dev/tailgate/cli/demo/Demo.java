package dev.tailgate.cli.demo;

import dev.tailgate.certs.CertRegistry;
import dev.tailgate.config.model.TailgateConfig;
import dev.tailgate.server.runtime.StandardModules;
import dev.tailgate.server.runtime.TailgateServer;
import dev.tailgate.testkit.FakeTailnet;
import dev.tailgate.testkit.FakeTailscaled;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Everything {@code tailgate demo} runs, in one process and with no tailscale install: the fake
 * tailnet of the seed (node {@code vps.headless-chicken.ts.net}, icing's laptop at 127.0.0.2,
 * alice's desktop at 127.0.0.3, a tagged CI runner at 127.0.0.4), an echo backend, and tailgate
 * serving the blog's configuration with its certificate from the fake tailnet's CA.
 */
public final class Demo implements AutoCloseable {
  public static final String HOST = "vps.headless-chicken.ts.net";

  private final Path dir;
  private final FakeTailscaled tailscaled;
  private final EchoBackend backend;
  private final TailgateServer server;
  private final Path config;
  private final Path rootCa;
  private final int port;

  private Demo(Path dir, int port) throws Exception {
    this.dir = dir;
    this.port = port;
    List<AutoCloseable> started = new ArrayList<>();
    try {
      tailscaled = FakeTailscaled.start(FakeTailnet.example(), dir.resolve("tailscaled.sock"));
      started.add(tailscaled);
      rootCa = dir.resolve("fake-tailnet-root.pem");
      Files.writeString(rootCa, tailscaled.ca().rootPem(), StandardCharsets.US_ASCII);
      backend = new EchoBackend();
      started.add(backend);
      Files.createDirectories(dir.resolve("htdocs"));
      config = dir.resolve("tailgate.conf");
      Files.writeString(config, configuration(), StandardCharsets.UTF_8);
      TailgateConfig loaded = StandardModules.loader().load(config);
      CertRegistry registry = new CertRegistry();
      server =
          TailgateServer.builder(loaded)
              .certificates(registry)
              .drain(Duration.ofSeconds(2))
              .start();
    } catch (Exception e) {
      for (AutoCloseable c : started) {
        c.close();
      }
      throw e;
    }
  }

  /** Starts the demo in {@code dir} with tailgate on 127.0.0.1:{@code port}. */
  public static Demo start(Path dir, int port) throws Exception {
    return new Demo(dir, port);
  }

  private String configuration() throws IOException {
    try (InputStream in = Demo.class.getResourceAsStream("demo.conf")) {
      String template = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      return template
          .replace("@PORT@", Integer.toString(port))
          .replace("@SOCKET@", tailscaled.socketPath().toString())
          .replace("@BACKEND@", "http://127.0.0.1:" + backend.port())
          .replace("@DIR@", dir.toString());
    }
  }

  public int port() {
    return port;
  }

  public Path config() {
    return config;
  }

  public Path rootCa() {
    return rootCa;
  }

  public Path socket() {
    return tailscaled.socketPath();
  }

  public FakeTailscaled tailscaled() {
    return tailscaled;
  }

  /** A curl command that connects as the device at {@code sourceIp}. */
  public String curl(String sourceIp, String path) {
    return "curl --cacert "
        + rootCa
        + " --resolve "
        + HOST
        + ":"
        + port
        + ":127.0.0.1 --interface "
        + sourceIp
        + " https://"
        + HOST
        + ":"
        + port
        + path;
  }

  @Override
  public void close() throws Exception {
    server.close();
    backend.close();
    tailscaled.close();
  }
}
