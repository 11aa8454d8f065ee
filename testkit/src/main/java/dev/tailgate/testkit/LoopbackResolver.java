package dev.tailgate.testkit;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Map;
import org.eclipse.jetty.util.Promise;
import org.eclipse.jetty.util.SocketAddressResolver;

/**
 * For Jetty clients talking to a server on this machine under its real name: every host name
 * resolves to 127.0.0.1 but stays on the address, so TLS sends it as SNI and checks the certificate
 * against it, with no hosts file.
 */
public final class LoopbackResolver implements SocketAddressResolver {
  public static final LoopbackResolver INSTANCE = new LoopbackResolver();

  private LoopbackResolver() {}

  @Override
  public void resolve(
      String host,
      int port,
      Map<String, Object> context,
      Promise<List<InetSocketAddress>> promise) {
    try {
      promise.succeeded(
          List.of(
              new InetSocketAddress(
                  InetAddress.getByAddress(host, new byte[] {127, 0, 0, 1}), port)));
    } catch (UnknownHostException e) {
      promise.failed(e);
    }
  }
}
