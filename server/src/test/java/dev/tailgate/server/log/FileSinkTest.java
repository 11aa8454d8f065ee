package dev.tailgate.server.log;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An access log file, written line by line (httpd's default) or buffered ({@code BufferedLogs}).
 */
class FileSinkTest {
  @TempDir Path dir;

  @Test
  void eachLineIsOnDiskWhenWriteReturnsByDefault() throws Exception {
    Path file = dir.resolve("access.log");
    FileSink sink = new FileSink(file);

    sink.write("one");
    assertThat(Files.readAllLines(file)).containsExactly("one");
    sink.write("two");
    assertThat(Files.readAllLines(file)).containsExactly("one", "two");
    sink.close();
  }

  @Test
  void bufferedLinesWaitForAFlushAndKeepTheirOrder() throws Exception {
    Path file = dir.resolve("access.log");
    FileSink sink = new FileSink(file);
    sink.buffering(true);

    sink.write("one");
    sink.write("two");
    assertThat(Files.size(file)).as("bytes on disk before the flush").isZero();
    sink.flush();
    assertThat(Files.readAllLines(file)).containsExactly("one", "two");

    String big = "x".repeat(FileSink.BUFFER_BYTES + 10);
    sink.write("three");
    sink.write(big);
    assertThat(Files.readAllLines(file)).containsExactly("one", "two", "three", big);

    sink.write("four");
    sink.buffering(false);
    assertThat(Files.readAllLines(file)).endsWith("four");
    sink.close();
  }

  @Test
  void concurrentWritersNeverInterleaveAndCloseWritesTheRest() throws Exception {
    Path file = dir.resolve("access.log");
    FileSink sink = new FileSink(file);
    sink.buffering(true);
    int writers = 8;
    int each = 2_000;
    CountDownLatch start = new CountDownLatch(1);
    List<Thread> threads = new ArrayList<>();
    for (int w = 0; w < writers; w++) {
      int writer = w;
      Thread thread =
          new Thread(
              () -> {
                try {
                  start.await();
                } catch (InterruptedException e) {
                  return;
                }
                for (int i = 0; i < each; i++) {
                  sink.write("writer " + writer + " line " + i + " " + "-".repeat(i % 97));
                  if (i % 500 == 0) {
                    sink.flush();
                  }
                }
              });
      thread.start();
      threads.add(thread);
    }
    start.countDown();
    for (Thread thread : threads) {
      thread.join();
    }
    sink.close();

    List<String> lines = Files.readAllLines(file);
    assertThat(lines).hasSize(writers * each);
    Map<Integer, Integer> next = new HashMap<>();
    for (String line : lines) {
      String[] words = line.split(" ");
      int writer = Integer.parseInt(words[1]);
      int i = Integer.parseInt(words[3]);
      assertThat(line).isEqualTo("writer " + writer + " line " + i + " " + "-".repeat(i % 97));
      assertThat(i)
          .as("writer %d's lines in order", writer)
          .isEqualTo(next.getOrDefault(writer, 0));
      next.put(writer, i + 1);
    }
  }
}
