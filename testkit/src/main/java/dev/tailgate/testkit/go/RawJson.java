package dev.tailgate.testkit.go;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Objects;

/**
 * An opaque JSON value, like Go's {@code json.RawMessage}: app-capability grant values are passed
 * through uninterpreted. It is validated on construction so a typo in a test fails where it is
 * written, not later as a confusing response.
 */
public record RawJson(String text) {
  private static final JsonFactory FACTORY = new JsonFactory();

  public RawJson {
    Objects.requireNonNull(text, "text");
    validate(text);
  }

  public static RawJson of(String text) {
    return new RawJson(text);
  }

  private static void validate(String text) {
    try (JsonParser parser = FACTORY.createParser(text)) {
      if (parser.nextToken() == null) {
        throw new IllegalArgumentException("empty JSON value");
      }
      parser.skipChildren();
      if (parser.nextToken() != null) {
        throw new IllegalArgumentException("trailing data after JSON value: " + text);
      }
    } catch (IOException e) {
      throw new IllegalArgumentException("invalid JSON value: " + text, e);
    }
  }

  JsonParser parser() {
    try {
      JsonParser parser = FACTORY.createParser(text);
      JsonToken first = parser.nextToken();
      assert first != null;
      return parser;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public String toString() {
    return text;
  }
}
