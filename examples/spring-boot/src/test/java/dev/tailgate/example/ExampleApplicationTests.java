package dev.tailgate.example;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tailgate.testkit.FakeTailnet;
import dev.tailgate.testkit.FakeTailscaled;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The testing support, as an application's own test uses it: the fake tailscaled from
 * tailgate-testkit in a few lines, real requests from tailnet devices' loopback aliases.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class ExampleApplicationTests {
  static final FakeTailscaled TAILSCALED = FakeTailscaled.start(FakeTailnet.example());

  @DynamicPropertySource
  static void tailscaled(DynamicPropertyRegistry properties) {
    properties.add("tailgate.socket", () -> TAILSCALED.socketPath().toString());
  }

  @AfterAll
  static void stop() {
    TAILSCALED.close();
  }

  @LocalServerPort int port;

  @Test
  void icingsLaptopIsIcing() throws Exception {
    try (Clients clients = new Clients()) {
      var response = clients.get("127.0.0.2", "http://127.0.0.1:" + port + "/whoami");

      assertThat(response.getStatus()).isEqualTo(200);
      assertThat(response.getContentAsString()).contains("\"login\":\"icing@github\"");
    }
  }
}
