package dev.tailgate.server.security;

import dev.tailgate.server.testing.RawHttp;
import dev.tailgate.server.testing.TailgateHarness;
import dev.tailgate.server.testing.TestBackend;
import dev.tailgate.testkit.FakeTailnet;
import dev.tailgate.testkit.FakeTailscaled;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
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

  final TailgateHarness tailgate = TailgateHarness.with(b -> b.drain(Duration.ofSeconds(1)));
  final FakeTailscaled tailscaled;
  final TestBackend backend;
  final TestBackend elsewhere;
  final Path dir = tailgate.dir;

  SecuredSite() throws Exception {
    tailscaled = FakeTailscaled.start(FakeTailnet.example());
    backend = TestBackend.start();
    elsewhere = TestBackend.start();
    tailgate.certificate(HOST);
    tailgate.file("www/index.html", "<h1>public</h1>\n");
    tailgate.file("www/.htpasswd", "icing:$apr1$secret\n");
    tailgate.file("www/.env", "DB_PASSWORD=hunter2\n");
    tailgate.file("www/.git/config", "[remote]\n");
    tailgate.file("www/.well-known/security.txt", "Contact: mailto:sec@example.com\n");
    tailgate.file("www/private/report.txt", "private report\n");
    String a = backend.origin();
    tailgate.start(
        "Listen 127.0.0.1:@PORT@ https\n"
            + "AuthTailscaleURL "
            + tailscaled.socketPath()
            + "\n"
            + "AuthTailscaleHeader remote-user X-Remote-User\n"
            + "ErrorLog @DIR@/error.log\n"
            + tailgate.tlsVirtualHost(
                HOST,
                "  CustomLog @DIR@/access.log combined\n"
                    + "  DocumentRoot @DIR@/www\n"
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
                    + "    RequestHeader set X-Proxy-Secret s3cret\n  </Location>\n"));
  }

  /** A raw HTTP/1.1-over-TLS client connecting from {@code source}. */
  RawHttp from(String source) throws Exception {
    return tailgate.raw(source, HOST);
  }

  /** A real HTTP/2 client connecting from {@code source}. */
  HttpClient http2From(String source) throws Exception {
    return tailgate.http2ClientFrom(source);
  }

  String url(String pathAndQuery) {
    return tailgate.url(HOST, pathAndQuery);
  }

  String errorLog() throws IOException {
    Path log = dir.resolve("error.log");
    return Files.exists(log) ? Files.readString(log) : "";
  }

  @Override
  public void close() throws Exception {
    tailgate.close();
    backend.close();
    elsewhere.close();
    tailscaled.close();
  }
}
