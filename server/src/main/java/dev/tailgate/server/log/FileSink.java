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
 * never interleave, and nothing is lost in a buffer when the process dies. With {@code BufferedLogs
 * On} lines are gathered in a buffer of httpd's size and written when it is full or at the next
 * {@link #flush} (every second, and when the log is closed): a write per few dozen requests instead
 * of one per request, at the price of up to a second of lines if the process is killed.
 */
public final class FileSink implements LogSink {
  private static final Logger LOG = LoggerFactory.getLogger(FileSink.class);

  /** httpd's LOG_BUFSIZE. */
  static final int BUFFER_BYTES = 4096;

  private final Path path;
  private final FileChannel channel;
  private final byte[] buffer = new byte[BUFFER_BYTES];
  private int buffered;
  private volatile boolean buffering;
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

  /** {@code BufferedLogs}: switching it off writes what is buffered first. */
  void buffering(boolean on) {
    buffering = on;
    if (!on) {
      flush();
    }
  }

  @Override
  public void write(String line) {
    writeLine(line + "\n");
  }

  @Override
  public void writeLine(String terminated) {
    byte[] bytes = terminated.getBytes(StandardCharsets.UTF_8);
    if (!buffering) {
      writeOut(ByteBuffer.wrap(bytes));
      return;
    }
    synchronized (buffer) {
      // asked again under the lock: a writer that saw buffering on while it was being switched off
      // must not leave its line in a buffer nothing flushes any more
      if (!buffering || bytes.length >= BUFFER_BYTES) {
        flushBuffer();
        writeOut(ByteBuffer.wrap(bytes));
        return;
      }
      if (buffered + bytes.length > BUFFER_BYTES) {
        flushBuffer();
      }
      System.arraycopy(bytes, 0, buffer, buffered, bytes.length);
      buffered += bytes.length;
    }
  }

  /** Writes out what {@code BufferedLogs On} holds. */
  public void flush() {
    synchronized (buffer) {
      flushBuffer();
    }
  }

  private void flushBuffer() {
    if (buffered > 0) {
      writeOut(ByteBuffer.wrap(buffer, 0, buffered));
      buffered = 0;
    }
  }

  private void writeOut(ByteBuffer bytes) {
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
    flush();
    try {
      channel.close();
    } catch (IOException e) {
      LOG.warn("closing the access log {} failed: {}", path, e.toString());
    }
  }
}
