package dev.tailgate.server.log;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.AppenderBase;
import ch.qos.logback.core.FileAppender;
import dev.tailgate.config.model.LogTarget;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.slf4j.LoggerFactory;

/**
 * {@link ErrorLogSetup} for a process whose SLF4J backend is logback (the CLI's): the configured
 * file or piped command gets every log line; the console appender from logback.xml stays the
 * default, so a fresh install logs where systemd's journal picks it up. Loaded only when logback is
 * present.
 */
final class LogbackErrorLog {
  static final String APPENDER_NAME = "tailgate-error-log";
  private static final String PATTERN =
      "[%d{EEE MMM dd HH:mm:ss.SSS yyyy}] [%level] [%thread] %logger{24}: %msg%n";

  private LogbackErrorLog() {}

  /** Sends every log line to {@code target} from now on (replacing an earlier ErrorLog target). */
  static synchronized void apply(LogTarget target) throws IOException {
    if (!(LoggerFactory.getILoggerFactory() instanceof LoggerContext context)) {
      return; // another SLF4J backend: its own configuration decides
    }
    Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    Appender<ILoggingEvent> previous = root.getAppender(APPENDER_NAME);
    if (target instanceof LogTarget.Console) {
      if (previous != null) {
        root.detachAppender(previous);
        previous.stop();
      }
      return;
    }
    PatternLayoutEncoder encoder = new PatternLayoutEncoder();
    encoder.setContext(context);
    encoder.setPattern(PATTERN);
    encoder.setCharset(StandardCharsets.UTF_8);
    encoder.start();
    Appender<ILoggingEvent> appender;
    if (target instanceof LogTarget.File file) {
      FileAppender<ILoggingEvent> fileAppender = new FileAppender<>();
      fileAppender.setFile(file.path().toString());
      fileAppender.setAppend(true);
      fileAppender.setEncoder(encoder);
      appender = fileAppender;
    } else {
      appender = new PipeAppender(new PipeSink(((LogTarget.Pipe) target).command()), encoder);
    }
    appender.setName(APPENDER_NAME);
    appender.setContext(context);
    appender.start();
    if (!appender.isStarted()) {
      throw new IOException("cannot open the error log " + target);
    }
    root.addAppender(appender);
    if (previous != null) {
      root.detachAppender(previous);
      previous.stop();
    }
  }

  /** A logback appender feeding a piped log command. */
  private static final class PipeAppender extends AppenderBase<ILoggingEvent> {
    private final PipeSink sink;
    private final PatternLayoutEncoder encoder;

    PipeAppender(PipeSink sink, PatternLayoutEncoder encoder) {
      this.sink = sink;
      this.encoder = encoder;
    }

    @Override
    protected void append(ILoggingEvent event) {
      String line = new String(encoder.encode(event), StandardCharsets.UTF_8);
      sink.write(line.endsWith("\n") ? line.substring(0, line.length() - 1) : line);
    }

    @Override
    public void stop() {
      super.stop();
      sink.close();
    }
  }
}
