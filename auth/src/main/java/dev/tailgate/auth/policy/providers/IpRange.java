package dev.tailgate.auth.policy.providers;

import dev.tailgate.auth.policy.PolicyException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.regex.Pattern;

/**
 * A network as mod_authz_host writes it: an address, {@code addr/bits}, {@code addr/netmask}, or a
 * partial IPv4 address ({@code 10.1} is {@code 10.1.0.0/16}). Only literal addresses are accepted,
 * so reading the config never does a DNS lookup.
 */
public record IpRange(byte[] network, int bits, String source) {
  private static final Pattern PARTIAL_V4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){0,2}\\.?");
  private static final Pattern LITERAL = Pattern.compile("[0-9A-Fa-f:.]+");

  public static IpRange parse(String text) throws PolicyException {
    String address = text;
    String mask = null;
    int slash = text.indexOf('/');
    if (slash >= 0) {
      address = text.substring(0, slash);
      mask = text.substring(slash + 1);
    } else if (PARTIAL_V4.matcher(text).matches()) {
      String[] parts = text.replaceAll("\\.$", "").split("\\.");
      StringBuilder full = new StringBuilder();
      for (int i = 0; i < 4; i++) {
        full.append(i == 0 ? "" : ".").append(i < parts.length ? parts[i] : "0");
      }
      return build(full.toString(), parts.length * 8, text);
    }
    int max = address.contains(":") ? 128 : 32;
    if (mask == null) {
      return build(address, max, text);
    }
    if (mask.matches("\\d{1,3}")) {
      int bits = Integer.parseInt(mask);
      if (bits > max) {
        throw bad(text, "a /" + bits + " prefix is longer than the address (" + max + " bits)");
      }
      return build(address, bits, text);
    }
    byte[] netmask = literal(mask, text);
    return build(address, contiguousBits(netmask, text), text);
  }

  public boolean contains(InetAddress candidate) {
    byte[] bytes = candidate.getAddress();
    if (bytes.length != network.length) {
      bytes = mapped(bytes, network.length);
      if (bytes == null) {
        return false;
      }
    }
    for (int i = 0; i < bits; i++) {
      int mask = 0x80 >>> (i % 8);
      if ((bytes[i / 8] & mask) != (network[i / 8] & mask)) {
        return false;
      }
    }
    return true;
  }

  /** An IPv4-mapped IPv6 peer ({@code ::ffff:10.0.0.1}) matches IPv4 networks, and back. */
  private static byte[] mapped(byte[] bytes, int wanted) {
    if (bytes.length == 16 && wanted == 4) {
      for (int i = 0; i < 10; i++) {
        if (bytes[i] != 0) {
          return null;
        }
      }
      if (bytes[10] != (byte) 0xff || bytes[11] != (byte) 0xff) {
        return null;
      }
      return new byte[] {bytes[12], bytes[13], bytes[14], bytes[15]};
    }
    return null;
  }

  private static IpRange build(String address, int bits, String source) throws PolicyException {
    byte[] network = literal(address, source);
    int max = network.length * 8;
    if (bits > max) {
      throw bad(source, "a /" + bits + " prefix is longer than the address (" + max + " bits)");
    }
    return new IpRange(network, bits, source);
  }

  private static byte[] literal(String address, String source) throws PolicyException {
    if (address.isEmpty() || !LITERAL.matcher(address).matches()) {
      throw bad(source, "\"" + address + "\" is not an IP address");
    }
    if (!address.contains(":") && !address.matches("\\d{1,3}(\\.\\d{1,3}){3}")) {
      throw bad(source, "\"" + address + "\" is not an IP address");
    }
    try {
      InetAddress parsed = InetAddress.getByName(address);
      if (!address.contains(":") && !(parsed instanceof Inet4Address)) {
        throw bad(source, "\"" + address + "\" is not an IP address");
      }
      return parsed.getAddress();
    } catch (UnknownHostException e) {
      throw bad(source, "\"" + address + "\" is not an IP address");
    }
  }

  private static int contiguousBits(byte[] netmask, String source) throws PolicyException {
    int bits = 0;
    boolean ended = false;
    for (byte b : netmask) {
      for (int i = 7; i >= 0; i--) {
        boolean set = (b >> i & 1) == 1;
        if (set && ended) {
          throw bad(source, "the netmask is not contiguous");
        }
        if (set) {
          bits++;
        } else {
          ended = true;
        }
      }
    }
    return bits;
  }

  private static PolicyException bad(String source, String why) {
    return new PolicyException(
        "Require ip " + source + ": " + why,
        "write an address or a network, e.g. 100.64.0.0/10, fd7a:115c:a1e0::/48 or 10.1");
  }
}
