package dev.tailgate.testkit.go;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Go's {@code encoding/json} output, so the fake's bodies are the bytes real tailscaled sends: tab
 * indentation, {@code "Key": value}, {@code []}/{@code {}} for empty containers, sorted map keys,
 * and {@code <}, {@code >}, {@code &}, U+2028, U+2029 escaped as {@code \u003c} and so on.
 * Jackson's pretty printer differs on several of these, and clients deserve to be tested against
 * the real formatting.
 *
 * <p>Accepted values: {@code null}, {@link String}, {@link Boolean}, integral {@link Number}s,
 * {@link Instant} (as RFC 3339), {@link GoStruct} (ordered), {@link Map} with string keys (sorted,
 * like a Go map), {@link Collection} and {@link RawJson}.
 */
public final class GoJson {
  private final String indent;
  private final StringBuilder out = new StringBuilder(1024);

  private GoJson(String indent) {
    this.indent = indent;
  }

  /** {@code json.MarshalIndent(v, "", "\t")}: no trailing newline. */
  public static String indent(Object value) {
    GoJson json = new GoJson("\t");
    json.write(value, 0);
    return json.out.toString();
  }

  /** {@code json.Marshal(v)}. */
  public static String compact(Object value) {
    GoJson json = new GoJson(null);
    json.write(value, 0);
    return json.out.toString();
  }

  private void write(Object value, int depth) {
    if (value == null) {
      out.append("null");
    } else if (value instanceof String s) {
      writeString(s);
    } else if (value instanceof Boolean b) {
      out.append(b);
    } else if (value instanceof Long || value instanceof Integer || value instanceof Short) {
      out.append(value);
    } else if (value instanceof Instant i) {
      writeString(GoTime.format(i));
    } else if (value instanceof GoStruct struct) {
      writeObject(struct.fields(), depth);
    } else if (value instanceof Map<?, ?> map) {
      writeObject(sorted(map), depth);
    } else if (value instanceof Collection<?> list) {
      writeArray(list, depth);
    } else if (value instanceof RawJson raw) {
      write(RawValue.read(raw), depth);
    } else if (value instanceof RawValue.Number number) {
      out.append(number.text());
    } else {
      throw new IllegalArgumentException("no Go JSON form for " + value.getClass());
    }
  }

  private static Map<String, Object> sorted(Map<?, ?> map) {
    Map<String, Object> sorted = new TreeMap<>();
    map.forEach((k, v) -> sorted.put(String.valueOf(k), v));
    return sorted;
  }

  private void writeObject(Map<String, Object> fields, int depth) {
    if (fields.isEmpty()) {
      out.append("{}");
      return;
    }
    out.append('{');
    boolean first = true;
    for (Map.Entry<String, Object> field : fields.entrySet()) {
      if (!first) {
        out.append(',');
      }
      first = false;
      newline(depth + 1);
      writeString(field.getKey());
      out.append(indent == null ? ":" : ": ");
      write(field.getValue(), depth + 1);
    }
    newline(depth);
    out.append('}');
  }

  private void writeArray(Collection<?> list, int depth) {
    if (list.isEmpty()) {
      out.append("[]");
      return;
    }
    out.append('[');
    boolean first = true;
    for (Object element : list) {
      if (!first) {
        out.append(',');
      }
      first = false;
      newline(depth + 1);
      write(element, depth + 1);
    }
    newline(depth);
    out.append(']');
  }

  private void newline(int depth) {
    if (indent != null) {
      out.append('\n');
      out.append(indent.repeat(depth));
    }
  }

  private void writeString(String s) {
    out.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        case '\b' -> out.append("\\b");
        case '\f' -> out.append("\\f");
        case '<', '>', '&', '\u2028', '\u2029' -> out.append(String.format("\\u%04x", (int) c));
        default -> {
          if (c < 0x20) {
            out.append(String.format("\\u%04x", (int) c));
          } else if (Character.isSurrogate(c) && !isPairedSurrogate(s, i)) {
            out.append("\\ufffd");
          } else {
            out.append(c);
          }
        }
      }
    }
    out.append('"');
  }

  private static boolean isPairedSurrogate(String s, int i) {
    char c = s.charAt(i);
    if (Character.isHighSurrogate(c)) {
      return i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1));
    }
    return i > 0 && Character.isHighSurrogate(s.charAt(i - 1));
  }

  /** A raw value read into ordered objects, keeping each number's original text like Go does. */
  private static final class RawValue {
    record Number(String text) {}

    static Object read(RawJson raw) {
      try (JsonParser parser = raw.parser()) {
        return value(parser);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    private static Object value(JsonParser parser) throws IOException {
      JsonToken token = parser.currentToken();
      switch (token) {
        case START_OBJECT:
          {
            GoStruct object = new GoStruct();
            Map<String, Object> seen = new LinkedHashMap<>();
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
              String name = parser.currentName();
              parser.nextToken();
              seen.put(name, value(parser));
            }
            seen.forEach(object::field);
            return object;
          }
        case START_ARRAY:
          {
            List<Object> array = new ArrayList<>();
            while (parser.nextToken() != JsonToken.END_ARRAY) {
              array.add(value(parser));
            }
            return array;
          }
        case VALUE_STRING:
          return parser.getText();
        case VALUE_NUMBER_INT:
        case VALUE_NUMBER_FLOAT:
          return new Number(parser.getText());
        case VALUE_TRUE:
          return Boolean.TRUE;
        case VALUE_FALSE:
          return Boolean.FALSE;
        case VALUE_NULL:
          return null;
        default:
          throw new IllegalStateException("unexpected token " + token);
      }
    }
  }
}
