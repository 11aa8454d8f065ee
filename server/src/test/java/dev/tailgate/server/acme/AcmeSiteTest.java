package dev.tailgate.server.acme;

import dev.tailgate.certs.managed.DomainStatus;
import dev.tailgate.config.ConfigLoader;
import dev.tailgate.config.model.TailgateConfig;
import dev.tailgate.server.md.ManagedCertificates;
import dev.tailgate.server.runtime.StandardModules;
import dev.tailgate.server.runtime.TailgateServer;
import dev.tailgate.server.testing.Await;
import dev.tailgate.server.testing.TailgateHarness;
import dev.tailgate.server.testing.TestClients;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.eclipse.jetty.client.HttpClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the ACME tests share: a public site ({@value #HOST}) on an HTTPS and a plain-HTTP listener
 * of their own, a pebble to order from, the server under test and a client that trusts what pebble
 * issues; each test writes its own configuration and starts the CA it needs.
 */
abstract class AcmeSiteTest {
  static final String HOST = "acme.example.com";
  static final Duration ISSUANCE = Duration.ofSeconds(60);

  @TempDir Path dir;
  int httpsPort;
  int httpPort;
  PebbleCa pebble;
  TailgateServer server;
  HttpClient client;

  @BeforeEach
  void ports() throws Exception {
    httpsPort = TailgateHarness.freePort();
    httpPort = TailgateHarness.freePort();
    Files.createDirectories(dir.resolve("htdocs"));
    Files.writeString(dir.resolve("htdocs/index.html"), "public site\n");
  }

  @AfterEach
  void stop() throws Exception {
    if (client != null) {
      client.stop();
    }
    if (server != null) {
      server.close();
    }
    if (pebble != null) {
      pebble.close();
    }
  }

  /** {@code text} written as tailgate.conf in the test's directory and loaded. */
  TailgateConfig load(String text) throws Exception {
    Path file = dir.resolve("tailgate.conf");
    Files.writeString(file, text, StandardCharsets.UTF_8);
    return new ConfigLoader(Map.of(), StandardModules.registry()).load(file);
  }

  TailgateServer start(String text) throws Exception {
    server = TailgateServer.builder(load(text)).drain(Duration.ofSeconds(1)).start();
    return server;
  }

  ManagedCertificates managed() {
    return server.features().managedCertificates().orElseThrow();
  }

  DomainStatus status() {
    return managed().status(HOST).orElseThrow();
  }

  void awaitCertificate() {
    Await.until(
        "an ACME certificate for " + HOST + " (" + status().lastProblem().orElse("") + ")",
        ISSUANCE,
        () -> status().certificate().isPresent());
  }

  HttpClient trustingPebble() throws Exception {
    if (client == null) {
      client = TestClients.start(pebble.issuedRoots(), null, TestClients.Protocols.HTTP1);
    }
    return client;
  }
}
