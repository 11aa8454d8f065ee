package dev.tailgate.config.modules;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.regex.Pattern;

/**
 * Parses the {@code addr:port} forms of {@code Listen} and {@code <VirtualHost>}. Only IP literals
 * are accepted as addresses: httpd would resolve a host name through DNS at startup, which makes
 * the bind address depend on the resolver; name-based hosting is ServerName's job.
 */
final class SocketAddressArgument {

  private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
  private static final Pattern PORT = Pattern.compile("\\d{1,5}");

  /**
   * @param address empty for {@code *}, {@code _default_} or no address; port empty for {@code *}
   *     or none
   */
  record Parsed(Optional<InetAddress> address, OptionalInt port) {}

  /** Why an argument could not be parsed, with what to write instead. */
  static final class Invalid extends Exception {
    final String hint;

    Invalid(String message, String hint) {
      super(message);
      this.hint = hint;
    }
  }

  private SocketAddressArgument() {}

  static Parsed parse(String text, boolean portRequired) throws Invalid {
    String host;
    String port;
    if (text.startsWith("[")) {
      int close = text.indexOf(']');
      if (close < 0) {
        throw new Invalid("missing ] in IPv6 address " + text, "write e.g. [::1]:8443");
      }
      host = text.substring(1, close);
      String rest = text.substring(close + 1);
      if (!rest.isEmpty() && !rest.startsWith(":")) {
        throw new Invalid("unexpected text after ] in " + text, "write e.g. [::1]:8443");
      }
      port = rest.isEmpty() ? null : rest.substring(1);
      return new Parsed(Optional.of(ipv6(host, text)), port(port, portRequired, text));
    }
    int colon = text.lastIndexOf(':');
    if (colon >= 0 && text.indexOf(':') != colon) {
      throw new Invalid(
          "IPv6 address " + text + " must be in brackets", "write [address]:port, e.g. [::1]:8443");
    }
    if (colon < 0 && PORT.matcher(text).matches() && portRequired) {
      return new Parsed(Optional.empty(), port(text, true, text));
    }
    host = colon < 0 ? text : text.substring(0, colon);
    port = colon < 0 ? null : text.substring(colon + 1);
    return new Parsed(address(host, text), port(port, portRequired, text));
  }

  private static Optional<InetAddress> address(String host, String text) throws Invalid {
    if (host.equals("*") || host.equals("_default_")) {
      return Optional.empty();
    }
    if (!IPV4.matcher(host).matches()) {
      throw new Invalid(
          "\"" + host + "\" is not an IP address",
          "use * or an IP address; choose hosts by name with ServerName");
    }
    try {
      InetAddress address = InetAddress.getByName(host);
      if (!address.getHostAddress().equals(host)) {
        throw new UnknownHostException(host);
      }
      return Optional.of(address);
    } catch (UnknownHostException e) {
      throw new Invalid("\"" + host + "\" is not a valid IPv4 address", "each part must be 0-255");
    }
  }

  private static InetAddress ipv6(String host, String text) throws Invalid {
    if (!host.contains(":") || !host.matches("[0-9A-Fa-f:.%a-zA-Z0-9]+")) {
      throw new Invalid("\"" + host + "\" is not an IPv6 address", "write e.g. [::1]:8443");
    }
    try {
      return InetAddress.getByName(host);
    } catch (UnknownHostException e) {
      throw new Invalid("\"" + host + "\" is not an IPv6 address", "write e.g. [::1]:8443");
    }
  }

  private static OptionalInt port(String port, boolean required, String text) throws Invalid {
    if (port == null || port.equals("*")) {
      if (required) {
        throw new Invalid("no port in " + text, "write [address:]port, e.g. 443 or 127.0.0.1:8443");
      }
      return OptionalInt.empty();
    }
    if (!PORT.matcher(port).matches()) {
      throw new Invalid("\"" + port + "\" is not a port number", "write a number from 1 to 65535");
    }
    int value = Integer.parseInt(port);
    if (value < 1 || value > 65535) {
      throw new Invalid("port " + value + " is out of range", "write a number from 1 to 65535");
    }
    return OptionalInt.of(value);
  }
}
