package dev.tailgate.server.runtime;

import dev.tailgate.testkit.ca.TestCertificateAuthority;
import java.io.IOException;
import java.math.BigInteger;
import java.net.InetAddress;
import java.security.cert.X509Certificate;
import java.util.List;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;

/** A bare TLS handshake with or without SNI, to see which certificate the server chose. */
final class TlsProbe implements AutoCloseable {
  private final SSLSocket socket;

  private TlsProbe(SSLSocket socket) {
    this.socket = socket;
  }

  static TlsProbe connect(String sni, int port, TestCertificateAuthority ca) throws Exception {
    TrustManagerFactory trust =
        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    trust.init(ca.trustStore());
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(null, trust.getTrustManagers(), null);
    SSLSocket socket =
        (SSLSocket) context.getSocketFactory().createSocket(InetAddress.getLoopbackAddress(), port);
    SSLParameters parameters = socket.getSSLParameters();
    parameters.setServerNames(sni == null ? List.of() : List.of(new SNIHostName(sni)));
    socket.setSSLParameters(parameters);
    socket.startHandshake();
    return new TlsProbe(socket);
  }

  BigInteger serial() throws IOException {
    return ((X509Certificate) socket.getSession().getPeerCertificates()[0]).getSerialNumber();
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
