package dev.tailgate.server.security;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tailgate.config.ConfigLoader;
import dev.tailgate.config.model.TailgateConfig;
import dev.tailgate.server.runtime.StandardModules;
import dev.tailgate.server.runtime.TailgateServer;
import dev.tailgate.server.testing.RawHttp;
import dev.tailgate.server.testing.TailgateHarness;
import dev.tailgate.server.testing.TestBackend;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The same configuration in Apache httpd 2.4 and in tailgate, the same request targets sent to both
 * from a stranger's address and from an allowed one ({@code Require ip 127.0.0.3} stands in for a
 * tailscale rule: loopback aliases play tailnet devices), and for every one the same status, the
 * same path at the backend and the same redirect. Where tailgate differs on purpose the difference
 * is named in {@link KnownDifference}, with its reason; anything else fails the test with the
 * target, both answers and how to replay it.
 */
class HttpdDifferentialTest {
  static final String STRANGER = "127.0.0.1";
  static final String ALLOWED = "127.0.0.3";
  static final long SEED = 20261201L;
  static final int GENERATED = 2000;

  private static Path dir;
  private static TestBackend httpdBackend;
  private static TestBackend tailgateBackend;
  private static HttpdProcess httpd;
  private static TailgateServer tailgate;
  private static int httpdPort;
  private static int tailgatePort;

  /** What a client and the backend saw of one request. */
  record Outcome(int status, String backendSaw, String location) {
    @Override
    public String toString() {
      return status
          + (backendSaw == null ? "" : " backend saw " + backendSaw)
          + (location == null ? "" : " -> " + location);
    }
  }

  @BeforeAll
  static void start() throws Exception {
    HttpdProcess.binary();
    dir = Files.createTempDirectory("tailgate-differential");
    Path www = Files.createDirectories(dir.resolve("www"));
    Files.writeString(www.resolve("index.html"), "<h1>index</h1>\n");
    Files.writeString(www.resolve(".htpasswd"), "icing:secret\n");
    Files.createDirectories(www.resolve(".well-known"));
    Files.writeString(www.resolve(".well-known/security.txt"), "Contact: mailto:sec@example.com\n");
    Files.createDirectories(www.resolve("private"));
    Files.writeString(www.resolve("private/report.txt"), "private\n");
    readableByAll(dir);
    httpdBackend = TestBackend.start();
    tailgateBackend = TestBackend.start();
    httpdPort = TailgateHarness.freePort();
    tailgatePort = TailgateHarness.freePort();
    httpd =
        HttpdProcess.start(
            dir.resolve("httpd"),
            httpdPort,
            shared(www, httpdBackend.port())
                + "<FilesMatch \"^\\.ht\">\n  Require all denied\n</FilesMatch>\n");
    Path conf = dir.resolve("tailgate.conf");
    Files.writeString(
        conf,
        "Listen 127.0.0.1:"
            + tailgatePort
            + "\n"
            + "ErrorLog "
            + dir.resolve("tailgate-error.log")
            + "\n"
            + "CustomLog "
            + dir.resolve("tailgate-access.log")
            + " common\n"
            + shared(www, tailgateBackend.port()),
        StandardCharsets.UTF_8);
    TailgateConfig loaded = new ConfigLoader(Map.of(), StandardModules.registry()).load(conf);
    tailgate = TailgateServer.builder(loaded).drain(Duration.ofSeconds(1)).start();
  }

  /**
   * The configuration both servers run, verbatim: only Listen, logs and httpd's module lines
   * differ.
   */
  static String shared(Path www, int backendPort) {
    String backend = "http://127.0.0.1:" + backendPort;
    return "DocumentRoot "
        + www
        + "\n"
        + "ProxyPass /app "
        + backend
        + "\n"
        + "ProxyPass /doc "
        + backend
        + "/doc\n"
        + "ProxyPass /myapp/ "
        + backend
        + "/myapp/\n"
        + "ProxyPass /open/ "
        + backend
        + "/open/\n"
        + "Redirect /old http://elsewhere.example/new\n"
        + "<Location /app>\n  Require ip "
        + ALLOWED
        + "\n</Location>\n"
        + "<Location /doc>\n  Require ip "
        + ALLOWED
        + "\n</Location>\n"
        + "<Location /private>\n  Require ip "
        + ALLOWED
        + "\n</Location>\n";
  }

  @AfterAll
  static void stop() throws Exception {
    if (tailgate != null) {
      tailgate.close();
    }
    if (httpd != null) {
      httpd.close();
    }
    if (httpdBackend != null) {
      httpdBackend.close();
      tailgateBackend.close();
    }
  }

  @Test
  void handPickedTargetsGetWhatHttpdGives() throws Exception {
    compare(RequestTargetCorpus.handPicked());
  }

  @Test
  void generatedTargetsGetWhatHttpdGives() throws Exception {
    compare(RequestTargetCorpus.generated(SEED, GENERATED));
  }

  @Test
  void absoluteFormIsReadAsItsPath() throws Exception {
    compare(
        List.of(
            "http://localhost/app/x",
            "http://localhost/apple",
            "http://localhost//app/x",
            "http://localhost/%61pp/x"));
  }

  private void compare(List<String> targets) throws Exception {
    List<String> unexplained = new ArrayList<>();
    Map<String, Integer> explained = new TreeMap<>();
    int identical = 0;
    for (String target : targets) {
      for (String source : List.of(STRANGER, ALLOWED)) {
        Outcome reference = ask(httpdPort, source, target);
        Outcome ours = ask(tailgatePort, source, target);
        if (reference.equals(ours)) {
          identical++;
          continue;
        }
        Optional<KnownDifference> known = KnownDifference.explain(target, reference, ours);
        if (known.isPresent()) {
          explained.merge(known.get().name(), 1, Integer::sum);
        } else {
          unexplained.add(
              target + " from " + source + ": httpd " + reference + ", tailgate " + ours);
        }
      }
    }
    String summary =
        targets.size()
            + " targets x 2 addresses: "
            + identical
            + " identical, documented differences "
            + explained
            + ", unexplained "
            + unexplained.size()
            + " (seed "
            + SEED
            + ")";
    System.out.println(summary);
    assertThat(unexplained).as(summary).isEmpty();
  }

  private static Outcome ask(int port, String source, String target) throws IOException {
    RawHttp.Reply reply =
        RawHttp.plain(source, port)
            .send("GET " + target + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");
    String saw = reply.status() == 200 ? reply.header("Backend-Saw") : null;
    String location =
        reply.status() >= 300 && reply.status() < 400 ? reply.header("Location") : null;
    return new Outcome(reply.status(), saw, location);
  }

  private static void readableByAll(Path root) throws IOException {
    try (Stream<Path> paths = Files.walk(root)) {
      for (Path path : paths.toList()) {
        Files.setPosixFilePermissions(
            path,
            PosixFilePermissions.fromString(Files.isDirectory(path) ? "rwxr-xr-x" : "rw-r--r--"));
      }
    }
  }
}
