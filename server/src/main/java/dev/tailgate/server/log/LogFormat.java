package dev.tailgate.server.log;

import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * httpd's {@code LogFormat} language (mod_log_config), compiled once into a list of items so that
 * logging a request is a single pass over pre-parsed parts. Directives we cannot honour are refused
 * when the format is compiled, so a config never logs a literal {@code %k} by surprise.
 */
public final class LogFormat {
  /** httpd's predefined nicknames. */
  public static final String COMBINED =
      "%h %l %u %t \"%r\" %>s %b \"%{Referer}i\" \"%{User-Agent}i\"";

  public static final String COMMON = "%h %l %u %t \"%r\" %>s %b";

  private static final DateTimeFormatter CLF_TIME =
      DateTimeFormatter.ofPattern("'['dd/MMM/yyyy:HH:mm:ss Z']'", Locale.ROOT)
          .withZone(ZoneId.systemDefault());

  /** One piece of output. */
  @FunctionalInterface
  interface Item {
    void append(StringBuilder out, LogEntry entry);
  }

  private final String source;
  private final List<Item> items;

  /**
   * The length of the last line written, to size the next one's builder: lines of one log are
   * alike, so it neither grows (a copy) nor starts far too large. Racy on purpose: any recent
   * length will do.
   */
  private int typicalLength = 128;

  private LogFormat(String source, List<Item> items) {
    this.source = source;
    this.items = List.copyOf(items);
  }

  /**
   * @throws IllegalArgumentException naming the unsupported directive and what to write instead
   */
  public static LogFormat compile(String format) {
    List<Item> items = new ArrayList<>();
    StringBuilder literal = new StringBuilder();
    int i = 0;
    while (i < format.length()) {
      char c = format.charAt(i);
      if (c == '\\' && i + 1 < format.length()) {
        char next = format.charAt(i + 1);
        literal.append(next == 'n' ? '\n' : next == 't' ? '\t' : next);
        i += 2;
        continue;
      }
      if (c != '%') {
        literal.append(c);
        i++;
        continue;
      }
      i++;
      if (i >= format.length()) {
        throw new IllegalArgumentException(
            "the format ends with a lone %; write %% for a percent sign");
      }
      if (format.charAt(i) == '%') {
        literal.append('%');
        i++;
        continue;
      }
      if (literal.length() > 0) {
        String text = literal.toString();
        items.add((out, e) -> out.append(text));
        literal.setLength(0);
      }
      String argument = null;
      if (format.charAt(i) == '<' || format.charAt(i) == '>') {
        i++;
      }
      if (i < format.length() && format.charAt(i) == '{') {
        int close = format.indexOf('}', i);
        if (close < 0) {
          throw new IllegalArgumentException("unclosed %{ in the log format");
        }
        argument = format.substring(i + 1, close);
        i = close + 1;
      }
      if (i >= format.length()) {
        throw new IllegalArgumentException("the log format ends in the middle of a % directive");
      }
      items.add(item(format.charAt(i), argument));
      i++;
    }
    if (literal.length() > 0) {
      String text = literal.toString();
      items.add((out, e) -> out.append(text));
    }
    return new LogFormat(format, items);
  }

  /** Codes whose argument selects something; any other code given an argument is refused. */
  private static final String TAKES_ARGUMENT = "atTpPio";

  private static final String KNOWN = "haAlutrmUqHsbBODTvVpPio";

  private static Item item(char code, String argument) {
    if (argument != null && TAKES_ARGUMENT.indexOf(code) < 0 && KNOWN.indexOf(code) >= 0) {
      throw new IllegalArgumentException(
          "%{" + argument + "}" + code + ": %" + code + " takes no argument; write %" + code);
    }
    switch (code) {
      case 'h':
        if (argument != null) {
          throw new IllegalArgumentException(
              "%{" + argument + "}h: %h takes no argument here; write %h");
        }
        return (out, e) -> out.append(e.clientIp());
      case 'a':
        if ("c".equals(argument)) {
          return (out, e) -> out.append(e.peerIp());
        }
        if (argument != null) {
          throw new IllegalArgumentException(
              "%{" + argument + "}a: only %a and %{c}a are supported");
        }
        return (out, e) -> out.append(e.clientIp());
      case 'A':
        return (out, e) -> out.append(e.localIp());
      case 'l':
        return (out, e) -> out.append('-');
      case 'u':
        return (out, e) ->
            out.append(e.user() == null || e.user().isEmpty() ? "-" : escape(e.user()));
      case 't':
        return time(argument);
      case 'r':
        return (out, e) -> {
          out.append(escape(e.method())).append(' ').append(escape(e.path()));
          if (e.query() != null && !e.query().isEmpty()) {
            out.append('?').append(escape(e.query()));
          }
          out.append(' ').append(e.protocol());
        };
      case 'm':
        return (out, e) -> out.append(escape(e.method()));
      case 'U':
        return (out, e) -> out.append(escape(e.path()));
      case 'q':
        return (out, e) -> {
          if (e.query() != null && !e.query().isEmpty()) {
            out.append('?').append(escape(e.query()));
          }
        };
      case 'H':
        return (out, e) -> out.append(e.protocol());
      case 's':
        return (out, e) -> out.append(e.status());
      case 'b':
        return (out, e) -> {
          if (e.bytesSent() == 0) {
            out.append('-');
          } else {
            out.append(e.bytesSent());
          }
        };
      case 'B':
      case 'O':
        return (out, e) -> out.append(e.bytesSent());
      case 'D':
        return (out, e) -> out.append(e.durationMicros());
      case 'T':
        return duration(argument);
      case 'v':
        return (out, e) -> out.append(e.serverName());
      case 'V':
        return (out, e) ->
            out.append(e.hostHeader() == null ? e.serverName() : escape(e.hostHeader()));
      case 'p':
        return port(argument);
      case 'P':
        if (argument != null && !argument.equals("pid")) {
          throw new IllegalArgumentException(
              "%{" + argument + "}P: only %P and %{pid}P are supported (no threads to name)");
        }
        long pid = ProcessHandle.current().pid();
        return (out, e) -> out.append(pid);
      case 'i':
      case 'o':
        return header(argument, code);
      default:
        throw new IllegalArgumentException(
            "%"
                + code
                + " is not supported in log formats; supported: %h %a %{c}a %A %l %u %t %{sec|msec|usec}t"
                + " %r %m %U %q %H %s %>s %b %B %O %D %T %{ms|us|s}T %v %V %p %{canonical|local|remote}p %P %{Header}i %{Header}o %%");
    }
  }

  /**
   * httpd's {@code %p}: the canonical port (the Host header's, else the local one), or local or
   * remote.
   */
  private static Item port(String argument) {
    if (argument == null || argument.equals("canonical")) {
      return (out, e) -> out.append(e.canonicalPort());
    }
    if (argument.equals("local")) {
      return (out, e) -> out.append(e.localPort());
    }
    if (argument.equals("remote")) {
      return (out, e) -> out.append(e.remotePort());
    }
    throw new IllegalArgumentException(
        "%{" + argument + "}p: the argument must be canonical, local or remote");
  }

  private static Item header(String name, char code) {
    if (name == null || name.isEmpty()) {
      throw new IllegalArgumentException(
          "%" + code + " needs a header name, e.g. %{User-Agent}" + code);
    }
    if (code == 'i') {
      return (out, e) -> appendHeader(out, e.requestHeader().apply(name));
    }
    return (out, e) -> appendHeader(out, e.responseHeader().apply(name));
  }

  private static void appendHeader(StringBuilder out, String value) {
    out.append(value == null ? "-" : escape(value));
  }

  private static Item time(String argument) {
    if (argument == null) {
      return new ClfTime();
    }
    switch (argument) {
      case "sec":
        return (out, e) -> out.append(e.start().getEpochSecond());
      case "msec":
        return (out, e) -> out.append(e.start().toEpochMilli());
      case "usec":
        return (out, e) ->
            out.append(
                TimeUnit.SECONDS.toMicros(e.start().getEpochSecond()) + e.start().getNano() / 1000);
      default:
        throw new IllegalArgumentException(
            "%{" + argument + "}t: only %t, %{sec}t, %{msec}t and %{usec}t are supported");
    }
  }

  private static Item duration(String argument) {
    if (argument == null || argument.equals("s")) {
      return (out, e) -> out.append(e.durationMicros() / 1_000_000);
    }
    if (argument.equals("ms")) {
      return (out, e) -> out.append(e.durationMicros() / 1000);
    }
    if (argument.equals("us")) {
      return (out, e) -> out.append(e.durationMicros());
    }
    throw new IllegalArgumentException("%{" + argument + "}T: the unit must be s, ms or us");
  }

  /** httpd escapes quotes, backslashes and control characters so a log line stays one line. */
  static String escape(String value) {
    StringBuilder out = null;
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      String replacement =
          c == '"'
              ? "\\\""
              : c == '\\'
                  ? "\\\\"
                  : (c < 0x20 || c == 0x7f) ? String.format("\\x%02x", (int) c) : null;
      if (replacement != null && out == null) {
        out = new StringBuilder(value.length() + 8).append(value, 0, i);
      }
      if (out != null) {
        if (replacement != null) {
          out.append(replacement);
        } else {
          out.append(c);
        }
      }
    }
    return out == null ? value : out.toString();
  }

  /**
   * {@code %t}: httpd formats the time once per second and reuses it, and so does this; a log line
   * per request otherwise formats a date per request.
   */
  private static final class ClfTime implements Item {
    private record Formatted(long second, String text) {}

    private volatile Formatted last = new Formatted(Long.MIN_VALUE, "");

    @Override
    public void append(StringBuilder out, LogEntry entry) {
      long second = entry.start().getEpochSecond();
      Formatted formatted = last;
      if (formatted.second() != second) {
        formatted = new Formatted(second, CLF_TIME.format(entry.start()));
        last = formatted;
      }
      out.append(formatted.text());
    }
  }

  /**
   * The line with its newline, built once: a sink that appended the newline itself copied every
   * line of every request a second time.
   */
  public String line(LogEntry entry) {
    StringBuilder out = new StringBuilder(typicalLength + 16);
    for (Item item : items) {
      item.append(out, entry);
    }
    typicalLength = out.append('\n').length();
    return out.toString();
  }

  public String source() {
    return source;
  }
}
