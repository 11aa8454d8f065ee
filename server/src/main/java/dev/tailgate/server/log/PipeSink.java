package dev.tailgate.server.log;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * httpd's piped log ({@code CustomLog "|rotatelogs …"}): the command reads lines on its standard
 * input.
 */
public final class PipeSink implements LogSink {
  private static final Logger LOG = LoggerFactory.getLogger(PipeSink.class);

  private final String command;
  private final Process process;
  private final OutputStream stdin;
  private volatile boolean failed;

  public PipeSink(String command) throws IOException {
    this.command = command;
    this.process =
        new ProcessBuilder("/bin/sh", "-c", command)
            .redirectOutput(ProcessBuilder.Redirect.INHERIT)
            .redirectError(ProcessBuilder.Redirect.INHERIT)
            .start();
    this.stdin = process.getOutputStream();
  }

  @Override
  public void write(String line) {
    writeLine(line + "\n");
  }

  @Override
  public synchronized void writeLine(String terminated) {
    try {
      stdin.write(terminated.getBytes(StandardCharsets.UTF_8));
      stdin.flush();
    } catch (IOException e) {
      if (!failed) {
        failed = true;
        LOG.error("the piped log command \"{}\" stopped reading: {}", command, e.toString());
      }
    }
  }

  @Override
  public synchronized void close() {
    try {
      stdin.close();
    } catch (IOException e) {
      LOG.debug("closing the pipe to \"{}\": {}", command, e.toString());
    }
    process.destroy();
  }
}
