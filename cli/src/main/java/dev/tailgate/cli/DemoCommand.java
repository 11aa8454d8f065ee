package dev.tailgate.cli;

import dev.tailgate.cli.demo.Demo;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code tailgate demo}: the whole product on one machine, with no tailscale install. */
@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    description = {
      "Run a fake tailnet, an echo backend and tailgate with the configuration from the",
      "'tailscale and Apache' post, and print curl commands to try it as different devices."
    })
final class DemoCommand implements Callable<Integer> {

  @Option(
      names = "--port",
      defaultValue = "8443",
      paramLabel = "PORT",
      description = "tailgate's HTTPS port on 127.0.0.1 (default: ${DEFAULT-VALUE})")
  int port;

  @Option(
      names = "--dir",
      paramLabel = "DIR",
      description = "where to put the demo's files (default: a new temporary directory)")
  Path dir;

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    Path home =
        dir != null ? Files.createDirectories(dir) : Files.createTempDirectory("tailgate-demo");
    Demo demo = Demo.start(home, port);
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  try {
                    demo.close();
                  } catch (Exception e) {
                    // exiting anyway
                  }
                  stopped.countDown();
                },
                "tailgate-demo-stop"));
    PrintWriter out = spec.commandLine().getOut();
    out.println();
    out.println("tailgate demo is running: https://" + Demo.HOST + ":" + port + "/ on 127.0.0.1");
    out.println("  configuration   " + demo.config());
    out.println("  fake tailscaled " + demo.socket());
    out.println("  fake CA root    " + demo.rootCa());
    out.println();
    out.println("The fake tailnet's devices are loopback addresses; curl --interface picks one:");
    out.println("  127.0.0.2  icing@github's laptop");
    out.println("  127.0.0.3  alice@example.com's desktop");
    out.println("  127.0.0.4  ci-runner, a tagged device (tag:ci)");
    out.println("  127.0.0.1  not a tailnet device");
    out.println();
    out.println(
        "# icing is let in (Require tailscale-user icing@github): 200, and the backend sees who it is");
    out.println(demo.curl("127.0.0.2", "/"));
    out.println("# alice is not: 403");
    out.println(demo.curl("127.0.0.3", "/"));
    out.println(
        "# /myapp (AuthType tailscale + Require valid-user): any tailnet user, REMOTE_USER is set");
    out.println(demo.curl("127.0.0.3", "/myapp/"));
    out.println("# not on the tailnet: 401");
    out.println(demo.curl("127.0.0.1", "/myapp/"));
    out.println("# the managed certificate, as mod_md's md-status reports it");
    out.println(demo.curl("127.0.0.1", "/md-status"));
    out.println("# who tailgate thinks a device is");
    out.println("./tailgate whois 127.0.0.2:40000 --socket " + demo.socket());
    out.println();
    out.println("Press Ctrl-C to stop.");
    out.flush();
    stopped.await();
    return 0;
  }
}
