package dev.tailgate.server.log;

import dev.tailgate.config.model.LogTarget;
import java.io.IOException;
import org.slf4j.LoggerFactory;

/**
 * Points the server's own log (httpd's {@code ErrorLog}) at the configured file or piped command,
 * when the process logs through logback, as the {@code tailgate} command does. An application that
 * embeds the server keeps its own logging: tailgate brings no logging backend to its class path,
 * and then leaves the choice of where lines go to that backend's configuration.
 */
public final class ErrorLogSetup {
  private static final boolean LOGBACK = present("ch.qos.logback.classic.LoggerContext");

  private ErrorLogSetup() {}

  /** Sends every log line to {@code target} from now on (replacing an earlier ErrorLog target). */
  public static void apply(LogTarget target) throws IOException {
    if (LOGBACK
        && LoggerFactory.getILoggerFactory()
            .getClass()
            .getName()
            .equals("ch.qos.logback.classic.LoggerContext")) {
      LogbackErrorLog.apply(target);
    }
  }

  private static boolean present(String className) {
    try {
      Class.forName(className, false, ErrorLogSetup.class.getClassLoader());
      return true;
    } catch (ClassNotFoundException e) {
      return false;
    }
  }
}
