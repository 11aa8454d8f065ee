package dev.tailgate.server.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tailgate.server.testing.TailgateHarness;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A configuration that cannot be put to work starts nothing, not even the parts that could. */
class StartupTest {
  @RegisterExtension final TailgateHarness harness = TailgateHarness.open();

  @BeforeEach
  void prepare() throws Exception {
    harness.file("site/index.html", "hello");
  }

  @AfterEach
  void stop() throws Exception {}

  @Test
  void aPortInUseNamesItsListenLineAndLeavesTheOtherPortsClosed() throws Exception {
    int free = TailgateHarness.freePort();
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      int busy = taken.getLocalPort();

      assertThatThrownBy(
              () ->
                  harness.start(
                      "Listen 127.0.0.1:"
                          + free
                          + " http\n"
                          + "Listen 127.0.0.1:"
                          + busy
                          + " http\n"
                          + "DocumentRoot @DIR@/site\n"))
          .isInstanceOf(StartupException.class)
          .hasMessageContaining("tailgate.conf:2: cannot listen on 127.0.0.1:" + busy + " http")
          .hasMessageContaining("in use");
    }
    assertThat(harness.server()).isNull();
    assertThatThrownBy(() -> new Socket(InetAddress.getLoopbackAddress(), free).close())
        .isInstanceOf(ConnectException.class);
  }
}
