package dev.tailgate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.util.LogbackMDCAdapter;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ServiceLoader;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The command line's log lines: their shape, their level, and the way to replace them. */
class LogSetupTest {
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();
  private final PrintStream originalErr = System.err;

  @AfterEach
  void restore() {
    System.setErr(originalErr);
    System.clearProperty("TAILGATE_LOG_LEVEL");
    System.clearProperty("logback.configurationFile");
  }

  /** A fresh context set up by {@link LogSetup}, writing to the captured stderr. */
  private LoggerContext configured() {
    System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    LoggerContext context = new LoggerContext();
    // as logback's SLF4J provider gives the context it configures
    context.setMDCAdapter(new LogbackMDCAdapter());
    LogSetup setup = new LogSetup();
    setup.setContext(context);
    setup.configure(context);
    return context;
  }

  private String logged() {
    return err.toString(StandardCharsets.UTF_8);
  }

  @Test
  void logbackFindsItWithoutAConfigurationFile() {
    assertThat(ServiceLoader.load(Configurator.class).stream().map(ServiceLoader.Provider::type))
        .contains(LogSetup.class);
  }

  @Test
  void oneLinePerEventOnStderrWithTimeLevelAndShortenedLogger() {
    LoggerContext context = configured();

    context.getLogger("dev.tailgate.server.runtime.TailgateServer").info("listening on 8443");

    assertThat(logged())
        .matches(
            "\\d\\d:\\d\\d:\\d\\d\\.\\d{3} INFO  d\\.t\\.s\\.r\\.TailgateServer - listening on 8443\\R");
  }

  @Test
  void infoByDefaultWarnForJetty() {
    LoggerContext context = configured();

    context.getLogger("dev.tailgate.cli.RunCommand").debug("hidden");
    context.getLogger("org.eclipse.jetty.server.Server").info("hidden too");
    context.getLogger("org.eclipse.jetty.server.Server").warn("shown");

    assertThat(logged()).doesNotContain("hidden").contains("WARN  o.e.jetty.server.Server - shown");
  }

  @Test
  void tailgateLogLevelSetsTheLevel() {
    System.setProperty("TAILGATE_LOG_LEVEL", "WARN");
    LoggerContext context = configured();

    context.getLogger("dev.tailgate.cli.RunCommand").info("hidden");
    context.getLogger("dev.tailgate.cli.RunCommand").warn("shown");

    assertThat(logged()).doesNotContain("hidden").contains("shown");
  }

  @Test
  void aLogbackConfigurationFileReplacesIt() {
    System.setProperty("logback.configurationFile", "/etc/tailgate/logback.xml");
    LoggerContext context = configured();

    assertThat(context.getLogger(Logger.ROOT_LOGGER_NAME).iteratorForAppenders().hasNext())
        .as("an appender of its own")
        .isFalse();
  }
}
