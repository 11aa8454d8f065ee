package dev.tailgate.localapi.cert;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.security.PrivateKey;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.util.io.pem.PemObject;
import org.bouncycastle.util.io.pem.PemReader;
import org.bouncycastle.util.io.pem.PemWriter;

/**
 * Reads a key and chain from PEM by block type, not by the {@code --\n--} split tailscale's Go
 * client uses, so a SEC1 {@code EC PRIVATE KEY} (what tailscaled sends), PKCS#8 and PKCS#1 RSA keys
 * are all accepted in any order. The JDK alone cannot read SEC1; BouncyCastle can. The PEM text
 * kept in the pair is re-encoded from the very bytes that were decoded, so a store writes what was
 * checked.
 */
public final class PemCertPairParser {
  private static final Set<String> KEY_TYPES =
      Set.of("EC PRIVATE KEY", "PRIVATE KEY", "RSA PRIVATE KEY");

  private final JcaPEMKeyConverter keys = new JcaPEMKeyConverter();

  /**
   * @throws InvalidCertPairException with a message that says what was wrong with the text, never
   *     quoting key material
   */
  public CertPair parse(String pem) throws InvalidCertPairException {
    PrivateKey key = null;
    PemObject keyBlock = null;
    List<X509Certificate> chain = new ArrayList<>();
    List<PemObject> chainBlocks = new ArrayList<>();
    try (PemReader reader = new PemReader(new StringReader(pem))) {
      PemObject block;
      while ((block = reader.readPemObject()) != null) {
        if (block.getType().equals("CERTIFICATE")) {
          chain.add(certificate(block));
          chainBlocks.add(block);
        } else if (KEY_TYPES.contains(block.getType())) {
          if (key != null) {
            throw new InvalidCertPairException("more than one private key in the PEM text");
          }
          key = privateKey(block);
          keyBlock = block;
        } else {
          throw new InvalidCertPairException(
              "unexpected PEM block \""
                  + block.getType()
                  + "\" (encrypted keys are not supported)");
        }
      }
    } catch (IOException e) {
      throw new InvalidCertPairException("not valid PEM: " + e.getMessage(), e);
    }
    if (key == null) {
      throw new InvalidCertPairException("no private key in the PEM text");
    }
    if (chain.isEmpty()) {
      throw new InvalidCertPairException("no certificate in the PEM text");
    }
    return new CertPair(key, chain, encode(List.of(keyBlock)), encode(chainBlocks));
  }

  private static X509Certificate certificate(PemObject block) throws InvalidCertPairException {
    try {
      return (X509Certificate)
          CertificateFactory.getInstance("X.509")
              .generateCertificate(new ByteArrayInputStream(block.getContent()));
    } catch (CertificateException e) {
      throw new InvalidCertPairException("unreadable certificate: " + e.getMessage(), e);
    }
  }

  private PrivateKey privateKey(PemObject block) throws InvalidCertPairException {
    try (PEMParser parser = new PEMParser(new StringReader(encode(List.of(block))))) {
      Object parsed = parser.readObject();
      if (parsed instanceof PEMKeyPair pair) {
        return keys.getPrivateKey(pair.getPrivateKeyInfo());
      }
      if (parsed instanceof PrivateKeyInfo info) {
        return keys.getPrivateKey(info);
      }
      throw new InvalidCertPairException("unreadable " + block.getType());
    } catch (IOException | RuntimeException e) {
      throw new InvalidCertPairException(
          "unreadable " + block.getType() + ": " + e.getClass().getSimpleName(), e);
    }
  }

  private static String encode(List<PemObject> blocks) {
    StringWriter out = new StringWriter();
    try (PemWriter writer = new PemWriter(out)) {
      for (PemObject block : blocks) {
        writer.writeObject(block);
      }
    } catch (IOException e) {
      throw new IllegalStateException("writing PEM to memory failed", e);
    }
    return out.toString();
  }
}
