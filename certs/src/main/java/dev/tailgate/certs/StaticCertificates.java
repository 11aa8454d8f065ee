package dev.tailgate.certs;

import dev.tailgate.localapi.cert.CertPair;
import dev.tailgate.localapi.cert.CertPairVerifier;
import dev.tailgate.localapi.cert.InvalidCertPairException;
import dev.tailgate.localapi.cert.PemCertPairParser;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;

/**
 * Certificates from files ({@code SSLCertificateFile} / {@code SSLCertificateKeyFile}), checked the
 * way managed ones are, so a typo'd key path fails at load with a reason rather than at the first
 * handshake.
 */
public final class StaticCertificates {
  private StaticCertificates() {}

  /**
   * @param keyFile may equal {@code certFile} when one file holds both, as httpd allows
   * @throws InvalidCertPairException naming the file and what is wrong with it
   */
  public static CertPair load(Path certFile, Path keyFile, Instant now)
      throws InvalidCertPairException {
    String text = read(certFile);
    if (!keyFile.equals(certFile)) {
      text = read(keyFile) + "\n" + text;
    }
    CertPair pair;
    try {
      pair = new PemCertPairParser().parse(text);
    } catch (InvalidCertPairException e) {
      throw new InvalidCertPairException(certFile + " / " + keyFile + ": " + e.getMessage(), e);
    }
    try {
      CertPairVerifier.requireUsable(pair, now);
    } catch (InvalidCertPairException e) {
      throw new InvalidCertPairException(certFile + ": " + e.getMessage(), e);
    }
    return pair;
  }

  private static String read(Path file) throws InvalidCertPairException {
    try {
      return Files.readString(file, StandardCharsets.US_ASCII);
    } catch (IOException e) {
      throw new InvalidCertPairException("cannot read " + file + ": " + e.getMessage(), e);
    }
  }
}
