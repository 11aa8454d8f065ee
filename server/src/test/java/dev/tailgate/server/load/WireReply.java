package dev.tailgate.server.load;

import dev.tailgate.server.testing.TestBackend;
import java.util.Map;

/** One HTTP response as the load suite's wire client read it; header names are lower case. */
record WireReply(int status, Map<String, String> headers, String body) {

  /** The user the backend saw, or empty when the response did not come from the backend. */
  String seenUser() {
    return headers.getOrDefault(TestBackend.SEEN_USER.toLowerCase(java.util.Locale.ROOT), "");
  }
}
