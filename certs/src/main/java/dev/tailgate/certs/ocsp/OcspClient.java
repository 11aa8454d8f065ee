package dev.tailgate.certs.ocsp;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.bouncycastle.asn1.x509.AccessDescription;
import org.bouncycastle.asn1.x509.AuthorityInformationAccess;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.cert.jcajce.JcaX509CertificateHolder;
import org.bouncycastle.cert.ocsp.OCSPException;
import org.bouncycastle.cert.ocsp.OCSPReqBuilder;

/**
 * Asks a CA's OCSP responder about one certificate (RFC 6960 over HTTP POST, RFC 5019's profile:
 * one certificate, SHA-1 IDs, no nonce, as CA responders expect and cache).
 */
public final class OcspClient {
  /** An OCSP answer for one certificate is a few KiB; anything far larger is not one. */
  static final int MAX_ANSWER_BYTES = 64 * 1024;

  private static final Duration TIMEOUT = Duration.ofSeconds(15);

  /** One client for the process: its selector thread is shared by every stapled domain. */
  private static final HttpClient HTTP =
      HttpClient.newBuilder()
          .connectTimeout(TIMEOUT)
          .followRedirects(HttpClient.Redirect.NEVER)
          .build();

  private OcspClient() {}

  /**
   * The responder the certificate names in its Authority Information Access extension (http or
   * https), if any. Let's Encrypt's certificates name none since 2025.
   */
  public static Optional<URI> responderOf(X509Certificate leaf) {
    try {
      Extension extension =
          new JcaX509CertificateHolder(leaf).getExtension(Extension.authorityInfoAccess);
      if (extension == null) {
        return Optional.empty();
      }
      for (AccessDescription description :
          AuthorityInformationAccess.getInstance(extension.getParsedValue())
              .getAccessDescriptions()) {
        GeneralName location = description.getAccessLocation();
        if (description.getAccessMethod().equals(AccessDescription.id_ad_ocsp)
            && location.getTagNo() == GeneralName.uniformResourceIdentifier) {
          URI uri = URI.create(location.getName().toString());
          if ("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) {
            return Optional.of(uri);
          }
        }
      }
      return Optional.empty();
    } catch (CertificateEncodingException | IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  /** The responder's raw answer about {@code leaf}; checking it is the caller's. */
  public static CompletableFuture<byte[]> ask(
      URI responder, X509Certificate leaf, X509Certificate issuer) {
    byte[] request;
    try {
      request =
          new OCSPReqBuilder().addRequest(OcspAnswers.idOf(leaf, issuer)).build().getEncoded();
    } catch (OcspException | OCSPException | IOException e) {
      return CompletableFuture.failedFuture(
          new OcspException("cannot build the OCSP request: " + e.getMessage(), e));
    }
    HttpRequest post =
        HttpRequest.newBuilder(responder)
            .timeout(TIMEOUT)
            .header("Content-Type", "application/ocsp-request")
            .header("Accept", "application/ocsp-response")
            .POST(HttpRequest.BodyPublishers.ofByteArray(request))
            .build();
    return HTTP.sendAsync(post, HttpResponse.BodyHandlers.ofByteArray())
        .handle(
            (response, failure) -> {
              if (failure != null) {
                throw new java.util.concurrent.CompletionException(
                    new OcspException(
                        "the OCSP responder "
                            + responder
                            + " could not be reached: "
                            + describe(failure)));
              }
              if (response.statusCode() != 200) {
                throw new java.util.concurrent.CompletionException(
                    new OcspException(
                        "the OCSP responder "
                            + responder
                            + " answered HTTP "
                            + response.statusCode()));
              }
              if (response.body().length > MAX_ANSWER_BYTES) {
                throw new java.util.concurrent.CompletionException(
                    new OcspException(
                        "the OCSP responder "
                            + responder
                            + " sent "
                            + response.body().length
                            + " bytes, more than an answer can be"));
              }
              return response.body();
            });
  }

  private static String describe(Throwable failure) {
    Throwable cause =
        failure instanceof java.util.concurrent.CompletionException && failure.getCause() != null
            ? failure.getCause()
            : failure;
    String message = cause.getMessage();
    return cause.getClass().getSimpleName() + (message == null ? "" : " (" + message + ")");
  }
}
