package dev.tailgate.cli;

import dev.tailgate.certs.managed.SelfSignedCertificates;
import dev.tailgate.config.model.TailgateConfig;
import dev.tailgate.localapi.cert.CertPair;
import dev.tailgate.server.runtime.StandardModules;
import dev.tailgate.server.runtime.TailgateServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyStore;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.io.ClientConnector;
import org.eclipse.jetty.util.IO;
import org.eclipse.jetty.util.SocketAddressResolver;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code tailgate train-class-data}: a short serving run on loopback (TLS by SNI, a static file,
 * the reverse proxy, response headers) so that a JVM started with {@code -XX:ArchiveClassesAtExit}
 * writes the classes a real {@code run} loads into a class data archive. The launchers map that
 * archive into later runs, which then start in about two thirds of the time (bench/README.md, cold
 * start). Run by the package's postinst and by the clone's launcher, never by people.
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
      HttpClient client = client(pair);
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

  /** A client that trusts the training certificate only, with the name resolving to loopback. */
  private static HttpClient client(CertPair pair) throws Exception {
    KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
    trust.load(null, null);
    trust.setCertificateEntry("train", pair.leaf());
    SslContextFactory.Client tls = new SslContextFactory.Client();
    tls.setTrustStore(trust);
    ClientConnector connector = new ClientConnector();
    connector.setSslContextFactory(tls);
    HttpClient client =
        new HttpClient(
            new org.eclipse.jetty.client.transport.HttpClientTransportOverHTTP(connector));
    // the address keeps the name, so TLS sends it as SNI and checks the certificate against it
    SocketAddressResolver loopback =
        (host, port, context, promise) -> {
          try {
            promise.succeeded(
                List.of(
                    new InetSocketAddress(
                        InetAddress.getByAddress(host, new byte[] {127, 0, 0, 1}), port)));
          } catch (java.net.UnknownHostException e) {
            promise.failed(e);
          }
        };
    client.setSocketAddressResolver(loopback);
    client.start();
    return client;
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }
}
