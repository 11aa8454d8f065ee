package dev.tailgate.config.model;

import java.net.InetAddress;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * One {@code addr:port} of a {@code <VirtualHost>}. An empty address stands for {@code *} and
 * {@code _default_}; an empty port for {@code *} or an omitted port.
 */
public record VirtualHostAddress(Optional<InetAddress> address, OptionalInt port) {

  boolean matchesPort(int localPort) {
    return port.isEmpty() || port.getAsInt() == localPort;
  }

  boolean matchesExactly(InetAddress local, int localPort) {
    return address.isPresent() && address.get().equals(local) && matchesPort(localPort);
  }

  boolean matchesWildcard(int localPort) {
    return address.isEmpty() && matchesPort(localPort);
  }

  @Override
  public String toString() {
    return address.map(Addresses::format).orElse("*")
        + ":"
        + (port.isPresent() ? String.valueOf(port.getAsInt()) : "*");
  }
}
