package dev.tailgate.cli;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * Reads the address forms tailscale's own {@code whois} accepts: {@code IP}, {@code IP:PORT} and
 * {@code [IPv6]:PORT}. Only literal addresses: resolving names would ask DNS about a peer.
 */
final class PeerAddressConverter implements ITypeConverter<InetSocketAddress> {

  @Override
  public InetSocketAddress convert(String value) {
    String host = value;
    int port = 0;
    if (value.startsWith("[")) {
      int close = value.indexOf(']');
      if (close < 0) {
        throw new TypeConversionException("'" + value + "': missing ']' in [IPv6]:PORT");
      }
      host = value.substring(1, close);
      String rest = value.substring(close + 1);
      if (!rest.isEmpty()) {
        if (!rest.startsWith(":")) {
          throw new TypeConversionException("'" + value + "': expected :PORT after ]");
        }
        port = port(value, rest.substring(1));
      }
    } else if (value.indexOf(':') >= 0 && value.indexOf(':') == value.lastIndexOf(':')) {
      host = value.substring(0, value.indexOf(':'));
      port = port(value, value.substring(value.indexOf(':') + 1));
    }
    if (!host.matches("[0-9a-fA-F.:]+")) {
      throw new TypeConversionException(
          "'" + value + "': not an IP address (write 100.64.0.1:443 or [fd7a::1]:443)");
    }
    try {
      return new InetSocketAddress(InetAddress.getByName(host), port);
    } catch (UnknownHostException e) {
      throw new TypeConversionException("'" + value + "': not an IP address");
    }
  }

  private static int port(String value, String text) {
    try {
      int port = Integer.parseInt(text);
      if (port < 0 || port > 65535) {
        throw new NumberFormatException();
      }
      return port;
    } catch (NumberFormatException e) {
      throw new TypeConversionException(
          "'" + value + "': the port must be a number from 0 to 65535");
    }
  }
}
