package dev.tailgate.server.log;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Appends lines to a file with one write per line, as httpd does: lines from concurrent requests
 * never interleave, and nothing is lost in a buffer when the process dies.
 */
public final class FileSink implements LogSink {
  private static final Logger LOG = LoggerFactory.getLogger(FileSink.class);

  private final Path path;
  private final FileChannel channel;
  private volatile boolean failed;

  public FileSink(Path path) throws IOException {
    this.path = path;
    if (path.getParent() != null) {
      Files.createDirectories(path.getParent());
    }
    this.channel =
        FileChannel.open(
            path, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
  }

  @Override
  public void write(String line) {
    ByteBuffer bytes = ByteBuffer.wrap((line + "\n").getBytes(StandardCharsets.UTF_8));
    try {
      while (bytes.hasRemaining()) {
        channel.write(bytes);
      }
    } catch (IOException e) {
      if (!failed) {
        failed = true;
        LOG.error(
            "cannot write the access log {}: {}; further failures are not reported",
            path,
            e.toString());
      }
    }
  }

  @Override
  public void close() {
    try {
      channel.close();
    } catch (IOException e) {
      LOG.warn("closing the access log {} failed: {}", path, e.toString());
    }
  }
}
