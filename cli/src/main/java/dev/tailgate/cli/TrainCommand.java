package dev.tailgate.cli;

import dev.tailgate.certs.managed.SelfSignedCertificates;
import dev.tailgate.cli.demo.Demo;
import dev.tailgate.config.model.TailgateConfig;
import dev.tailgate.localapi.cert.CertPair;
import dev.tailgate.server.runtime.StandardModules;
import dev.tailgate.server.runtime.TailgateServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.util.IO;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code tailgate train-class-data}: a short serving run on loopback (TLS by SNI, a static file,
 * the reverse proxy, response headers; then the demo's configuration: a certificate managed from a
 * fake tailscaled, first fetched, then stored, and tailscale identity over HTTP/2) so that a JVM
 * started with {@code -XX:ArchiveClassesAtExit} writes the classes a real {@code run} loads into a
 * class data archive. The launchers map that archive into later runs, which then start in about two
 * thirds of the time (bench/README.md, cold start). A class the training never loads is read from
 * the jar at every start: a training without the managed certificate and the whois left 690 classes
 * (Jackson's among them) out. Run by the package's postinst and by the clone's launcher, never by
 * people.
 */
@Command(
    name = "train-class-data",
    hidden = true,
    description = "Serve a few requests on loopback to record the classes a run loads.")
public final class TrainCommand implements Callable<Integer> {
  private static final String NAME = "train.invalid";

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    Path dir = Files.createTempDirectory("tailgate-train");
    try {
      exercise(dir);
      try {
        exerciseDemo(Files.createDirectory(dir.resolve("demo")));
      } catch (Exception e) {
        // a machine where the demo cannot run (no 127.0.0.2, say) still gets most of an archive
        spec.commandLine()
            .getErr()
            .println("train-class-data: the demo's part failed, the archive covers the rest: " + e);
      }
      return 0;
    } finally {
      IO.delete(dir);
    }
  }

  private void exercise(Path dir) throws Exception {
    CertPair pair = SelfSignedCertificates.create(NAME, Instant.now());
    Files.writeString(dir.resolve("cert.pem"), pair.chainPem());
    Path key =
        Files.createFile(
            dir.resolve("key.pem"),
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    Files.writeString(key, pair.keyPem());
    Files.createDirectories(dir.resolve("htdocs"));
    Files.writeString(dir.resolve("htdocs/index.html"), "<p>trained</p>\n");
    int https = freePort();
    int http = freePort();
    Path file =
        Files.writeString(
            dir.resolve("tailgate.conf"),
            String.join(
                "\n",
                "Listen 127.0.0.1:" + https + " https",
                "Listen 127.0.0.1:" + http,
                "<VirtualHost *:" + https + ">",
                "  ServerName " + NAME,
                "  SSLEngine on",
                "  SSLCertificateFile " + dir.resolve("cert.pem"),
                "  SSLCertificateKeyFile " + key,
                "  DocumentRoot " + dir.resolve("htdocs"),
                "  ProxyPass /proxied/ http://127.0.0.1:" + http + "/",
                "  Header set X-Trained yes",
                "  RequestHeader set X-Training yes",
                "</VirtualHost>",
                "<VirtualHost *:" + http + ">",
                "  DocumentRoot " + dir.resolve("htdocs"),
                "</VirtualHost>",
                ""));
    TailgateConfig config = StandardModules.loader().load(file);
    try (TailgateServer server = TailgateServer.builder(config).drain(Duration.ZERO).start()) {
      HttpClient client = TrainingClient.start(List.of(pair.leaf()), "127.0.0.1");
      try {
        for (String path : List.of("/", "/index.html", "/proxied/", "/missing")) {
          int status = client.GET("https://" + NAME + ":" + https + path).getStatus();
          spec.commandLine().getOut().println("train-class-data: " + path + " " + status);
        }
      } finally {
        client.stop();
      }
    }
  }

  /**
   * The demo's configuration, which is the shape of most real ones (a certificate managed from
   * tailscaled, tailscale identity on every location, the proxy, md-status), started twice: the
   * second start finds its certificate stored, as every start after a package's first does.
   */
  private void exerciseDemo(Path dir) throws Exception {
    List<X509Certificate> roots = new ArrayList<>();
    for (String start : List.of("first start", "certificate stored")) {
      int port = freePort();
      try (Demo demo = Demo.start(dir, port)) {
        // each start's fake tailnet has a CA of its own; the stored certificate is the first's
        roots.add(demo.tailscaled().ca().rootCertificate());
        for (Visit visit : VISITS) {
          HttpClient client = TrainingClient.start(roots, visit.source());
          try {
            int status = untilServed(client, "https://" + Demo.HOST + ":" + port + visit.path());
            spec.commandLine()
                .getOut()
                .printf("train-class-data: demo, %s: %s %s%n", start, visit, status);
          } finally {
            client.stop();
          }
        }
      }
    }
  }

  /** A request from a fake tailnet device (or from off the tailnet: 127.0.0.1). */
  private record Visit(String source, String path) {
    @Override
    public String toString() {
      return path + " from " + source;
    }
  }

  private static final List<Visit> VISITS =
      List.of(
          new Visit("127.0.0.2", "/"),
          new Visit("127.0.0.2", "/myapp/"),
          new Visit("127.0.0.3", "/"),
          new Visit("127.0.0.1", "/md-status"));

  /**
   * The status of a GET, retried while the handshake fails: on a first start the managed
   * certificate may still be on its way from tailscaled. Bounded: 30 s.
   */
  private static int untilServed(HttpClient client, String url) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (true) {
      try {
        return client.GET(url).getStatus();
      } catch (ExecutionException e) {
        if (System.nanoTime() > deadline) {
          throw e;
        }
        Thread.sleep(100);
      }
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }
}
