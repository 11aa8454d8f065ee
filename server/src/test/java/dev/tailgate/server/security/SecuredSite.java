package dev.tailgate.server.security;

import dev.tailgate.config.ConfigLoader;
import dev.tailgate.config.model.TailgateConfig;
import dev.tailgate.server.runtime.StandardModules;
import dev.tailgate.server.runtime.TailgateServer;
import dev.tailgate.server.testing.RawHttp;
import dev.tailgate.server.testing.RecordingBackend;
import dev.tailgate.server.testing.TestClients;
import dev.tailgate.testkit.FakeTailnet;
import dev.tailgate.testkit.FakeTailscaled;
import dev.tailgate.testkit.ca.IssuedCertificate;
import dev.tailgate.testkit.ca.TestCertificateAuthority;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.eclipse.jetty.client.HttpClient;

/**
 * The site the security suite attacks: the blog's configuration plus the ordinary variations that
 * broke it (a path-less {@code ProxyPass}, a prefix without a trailing slash, an admin-set secret
 * header, a DocumentRoot with dotfiles), behind real TLS with SNI, asking a fake tailscaled about
 * loopback aliases (icing's laptop is 127.0.0.2, alice's desktop 127.0.0.3, anyone else a
 * stranger). Two recording backends: {@link #backend} is the configured one, {@link #elsewhere} the
 * one an attacker would like to reach.
 */
final class SecuredSite implements AutoCloseable {
  static final String HOST = "secure.tailgate.test";

  final FakeTailscaled tailscaled;
  final RecordingBackend backend;
  final RecordingBackend elsewhere;
  final int port = freePort();
  final Path dir;
  private final TestCertificateAuthority ca = new TestCertificateAuthority();
  private final TailgateServer server;
  private HttpClient http2;

  SecuredSite() throws Exception {
    tailscaled = FakeTailscaled.start(FakeTailnet.example());
    backend = new RecordingBackend();
    elsewhere = new RecordingBackend();
    dir = Files.createTempDirectory("tailgate-security");
    IssuedCertificate issued = ca.issue(HOST);
    Files.writeString(dir.resolve("site.crt"), issued.chainPem(), StandardCharsets.US_ASCII);
    Files.writeString(dir.resolve("site.key"), issued.keyPem(), StandardCharsets.US_ASCII);
    Path www = Files.createDirectories(dir.resolve("www"));
    Files.writeString(www.resolve("index.html"), "<h1>public</h1>\n");
    Files.writeString(www.resolve(".htpasswd"), "icing:$apr1$secret\n");
    Files.writeString(www.resolve(".env"), "DB_PASSWORD=hunter2\n");
    Files.createDirectories(www.resolve(".git"));
    Files.writeString(www.resolve(".git/config"), "[remote]\n");
    Files.createDirectories(www.resolve(".well-known"));
    Files.writeString(www.resolve(".well-known/security.txt"), "Contact: mailto:sec@example.com\n");
    Files.createDirectories(www.resolve("private"));
    Files.writeString(www.resolve("private/report.txt"), "private report\n");
    String a = "http://127.0.0.1:" + backend.port();
    String config =
        "Listen 127.0.0.1:"
            + port
            + " https\n"
            + "AuthTailscaleURL "
            + tailscaled.socketPath()
            + "\n"
            + "AuthTailscaleHeader remote-user X-Remote-User\n"
            + "ErrorLog "
            + dir.resolve("error.log")
            + "\n"
            + "<VirtualHost *:"
            + port
            + ">\n"
            + "  ServerName "
            + HOST
            + "\n"
            + "  SSLEngine on\n"
            + "  SSLCertificateFile "
            + dir.resolve("site.crt")
            + "\n"
            + "  SSLCertificateKeyFile "
            + dir.resolve("site.key")
            + "\n"
            + "  CustomLog "
            + dir.resolve("access.log")
            + " combined\n"
            + "  DocumentRoot "
            + www
            + "\n"
            + "  ProxyPass /app "
            + a
            + "\n"
            + "  ProxyPass /doc "
            + a
            + "/doc\n"
            + "  ProxyPass /myapp/ "
            + a
            + "/myapp/\n"
            + "  ProxyPass /open/ "
            + a
            + "/open/\n"
            + "  <Location /app>\n    Require tailscale-user icing@github\n  </Location>\n"
            + "  <Location /doc>\n    Require tailscale-user icing@github\n  </Location>\n"
            + "  <Location /private>\n    Require tailscale-user icing@github\n  </Location>\n"
            + "  <Location /myapp>\n    AuthType tailscale\n    Require valid-user\n"
            + "    RequestHeader set X-Proxy-Secret s3cret\n  </Location>\n"
            + "</VirtualHost>\n";
    Path file = dir.resolve("tailgate.conf");
    Files.writeString(file, config, StandardCharsets.UTF_8);
    TailgateConfig loaded = new ConfigLoader(Map.of(), StandardModules.registry()).load(file);
    server = TailgateServer.builder(loaded).drain(Duration.ofSeconds(1)).start();
  }

  /** A raw HTTP/1.1-over-TLS client connecting from {@code source}. */
  RawHttp from(String source) throws Exception {
    return RawHttp.tls(source, port, HOST, ca.trustStore());
  }

  /** A real HTTP/2 client connecting from {@code source}. */
  HttpClient http2From(String source) throws Exception {
    if (http2 != null) {
      http2.stop();
    }
    http2 = TestClients.start(ca.trustStore(), source, TestClients.Protocols.HTTP2_FIRST);
    return http2;
  }

  String url(String pathAndQuery) {
    return "https://" + HOST + ":" + port + pathAndQuery;
  }

  String errorLog() throws IOException {
    Path log = dir.resolve("error.log");
    return Files.exists(log) ? Files.readString(log) : "";
  }

  static int freePort() {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() throws Exception {
    if (http2 != null) {
      http2.stop();
    }
    server.close();
    backend.close();
    elsewhere.close();
    tailscaled.close();
  }
}
