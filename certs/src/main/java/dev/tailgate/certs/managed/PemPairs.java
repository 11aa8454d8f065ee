package dev.tailgate.certs.managed;

import dev.tailgate.localapi.cert.CertPair;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.util.io.pem.PemObject;

/**
 * A {@link CertPair} from a key and chain made here (a stand-in, an ACME order), with the PEM text
 * the store writes: issued pairs are stored exactly as tailscaled's are.
 */
public final class PemPairs {
  private PemPairs() {}

  public static CertPair of(PrivateKey key, List<X509Certificate> chain) {
    StringWriter chainPem = new StringWriter();
    try (JcaPEMWriter writer = new JcaPEMWriter(chainPem)) {
      for (X509Certificate certificate : chain) {
        writer.writeObject(certificate);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return new CertPair(key, chain, privateKeyPem(key), chainPem.toString());
  }

  /**
   * A private key as PKCS#8 ({@code PRIVATE KEY}): the JDK's EC keys carry no public point, so the
   * SEC1 form BouncyCastle would write for them could not be read back as a pair.
   */
  public static String privateKeyPem(PrivateKey key) {
    return pem(new PemObject("PRIVATE KEY", key.getEncoded()));
  }

  /** One object (a key, a certificate) as PEM. */
  public static String pem(Object object) {
    StringWriter out = new StringWriter();
    try (JcaPEMWriter writer = new JcaPEMWriter(out)) {
      writer.writeObject(object);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toString();
  }
}
