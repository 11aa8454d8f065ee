package dev.tailgate.config.model;

import java.net.Inet6Address;
import java.net.InetAddress;

/** Renders addresses the way they are written in the config: IPv6 in brackets. */
final class Addresses {

  private Addresses() {}

  static String format(InetAddress address) {
    String text = address.getHostAddress();
    return address instanceof Inet6Address ? "[" + text + "]" : text;
  }
}
