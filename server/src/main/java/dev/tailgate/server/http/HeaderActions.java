package dev.tailgate.server.http;

import dev.tailgate.config.model.HeaderAction;
import java.util.List;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpFields;

/**
 * mod_headers' {@code set}, {@code unset}, {@code add} and {@code append}, applied in config order.
 */
final class HeaderActions {
  private HeaderActions() {}

  static void apply(List<HeaderAction> actions, HttpFields.Mutable headers) {
    for (HeaderAction action : actions) {
      String name = action.name();
      String value = action.value().orElse("");
      switch (action.op()) {
        case SET -> headers.put(name, value);
        case UNSET -> headers.remove(name);
        case ADD -> headers.add(name, value);
        case APPEND -> {
          HttpField existing = headers.getField(name);
          if (existing == null) {
            headers.add(name, value);
          } else {
            String joined = String.join(", ", headers.getValuesList(name)) + ", " + value;
            headers.put(name, joined);
          }
        }
      }
    }
  }
}
