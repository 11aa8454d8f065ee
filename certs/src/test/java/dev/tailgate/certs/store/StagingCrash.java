package dev.tailgate.certs.store;

import dev.tailgate.localapi.cert.PemCertPairParser;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;

/**
 * A process that stages a new certificate set and then dies on the spot, before activation, the way
 * a power cut or {@code kill -9} would: {@code Runtime.halt} runs no shutdown hook and no finally.
 * Arguments: the store directory, the domain, and a file holding the pair PEM.
 */
public final class StagingCrash {
  private StagingCrash() {}

  public static void main(String[] args) throws Exception {
    CertStore store = new CertStore(Path.of(args[0]), Clock.systemUTC());
    String pem = Files.readString(Path.of(args[2]), StandardCharsets.US_ASCII);
    store.stage(args[1], new PemCertPairParser().parse(pem));
    System.out.println("staged");
    System.out.flush();
    Runtime.getRuntime().halt(137);
  }
}
