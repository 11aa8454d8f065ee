package dev.tailgate.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.junit.jupiter.api.Test;

/**
 * The response side's hop-by-hop rule on header lists no backend in the test suite can send (the
 * test backend writes one field per name): what a message's {@code Connection} fields name is
 * removed, however many fields there are and whichever comes first.
 */
class HopByHopHeadersTest {

  @Test
  void aConnectionFieldAfterAKeepAliveOneStillRemovesWhatItNames() {
    HttpFields backend =
        HttpFields.build()
            .add(HttpHeader.CONNECTION, "keep-alive")
            .add(HttpHeader.CONNECTION, "X-Internal-Token")
            .add("X-Internal-Token", "for the proxy only")
            .add("X-End-To-End", "kept")
            .asImmutable();
    HttpFields.Mutable toClient = HttpFields.build(backend);

    HopByHopHeaders.of(backend).removeListed(toClient);

    assertThat(toClient.get("X-Internal-Token")).isNull();
    assertThat(toClient.get("X-End-To-End")).isEqualTo("kept");
  }
}
