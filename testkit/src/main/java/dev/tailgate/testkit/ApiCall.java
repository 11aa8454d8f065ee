package dev.tailgate.testkit;

import java.util.List;
import java.util.Map;

/**
 * What an endpoint gets to see of one request: its decoded path, query parameters and the tailnet
 * as it was when the request arrived (with the fault switches applied).
 */
record ApiCall(String path, Map<String, List<String>> query, TailnetSnapshot tailnet) {
  ApiCall {
    query = Map.copyOf(query);
  }

  /** Go's {@code FormValue}: the first value, or {@code ""} when absent. */
  String param(String name) {
    List<String> values = query.get(name);
    return values == null || values.isEmpty() ? "" : values.get(0);
  }
}
