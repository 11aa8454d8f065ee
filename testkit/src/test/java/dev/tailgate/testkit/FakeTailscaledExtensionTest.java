package dev.tailgate.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

class FakeTailscaledExtensionTest {
  private static Path previousSocket;

  @Nested
  @ExtendWith(FakeTailscaledExtension.class)
  @TestMethodOrder(MethodOrderer.OrderAnnotation.class)
  class WithParameterInjection {
    @Test
    @Order(1)
    void injectsARunningFakeAndItsTailnet(FakeTailscaled fake, FakeTailnet tailnet) {
      assertThat(fake.tailnet()).isSameAs(tailnet);
      assertThat(fake.socketPath()).exists();
      assertThat(tailnet.magicDnsSuffix()).isEqualTo("headless-chicken.ts.net");
      fake.faults().serverError("left over");
      previousSocket = fake.socketPath();
    }

    @Test
    @Order(2)
    void eachTestGetsAFreshOneAndTheOldSocketIsGone(FakeTailscaled fake) {
      assertThat(previousSocket).isNotNull().doesNotExist();
      assertThat(fake.socketPath()).isNotEqualTo(previousSocket).exists();
      try (LocalApi api = new LocalApi()) {
        assertThat(api.get(fake.socketPath(), "/localapi/v0/status").getStatus()).isEqualTo(200);
      }
    }
  }

  @Nested
  class WithRegisterExtension {
    private final TestClock clock = TestClock.startingNow();

    @RegisterExtension
    final FakeTailscaledExtension tailscaled =
        new FakeTailscaledExtension(
            () -> FakeTailnet.create("example.com", "tail4c2a9.ts.net"),
            b -> b.clock(clock).certLifetime(Duration.ofDays(7)));

    @Test
    void usesTheSuppliedTailnetAndOptions() {
      FakeTailscaled fake = tailscaled.get();

      assertThat(fake.tailnet().self().name()).isEqualTo("vps.tail4c2a9.ts.net.");
      assertThat(fake.ca().clock()).isSameAs(clock);
      assertThat(fake.ca().leafLifetime()).isEqualTo(Duration.ofDays(7));
    }
  }

  @AfterAll
  static void reset() {
    previousSocket = null;
  }
}
