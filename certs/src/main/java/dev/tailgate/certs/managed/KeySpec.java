package dev.tailgate.certs.managed;

import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.util.Locale;

/**
 * The key made for a new ACME certificate, as {@code MDPrivateKeys} names it: an EC curve or an RSA
 * size. P-256 by default (mod_md's default is RSA 2048; every client of the last decade speaks
 * ECDSA, and its handshakes cost a fraction of RSA's).
 */
public record KeySpec(String algorithm, String curve, int bits) {
  public static final KeySpec DEFAULT = new KeySpec("EC", "secp256r1", 256);

  /**
   * One {@code MDPrivateKeys} value: {@code RSA} (2048), {@code RSA 3072} as two words, or a curve
   * ({@code P-256}, {@code secp256r1}, {@code P-384}, {@code secp384r1}).
   *
   * @throws IllegalArgumentException naming what is accepted
   */
  public static KeySpec parse(String type, String size) {
    String lower = type.toLowerCase(Locale.ROOT);
    if (lower.equals("rsa")) {
      int bits;
      try {
        bits = size == null ? 2048 : Integer.parseInt(size);
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("'" + size + "' is not a number of RSA bits");
      }
      if (bits < 2048 || bits > 8192) {
        throw new IllegalArgumentException(
            "RSA keys of " + bits + " bits are refused by public CAs; use 2048 to 8192");
      }
      return new KeySpec("RSA", "", bits);
    }
    if (size != null) {
      throw new IllegalArgumentException("a curve takes no size: '" + type + " " + size + "'");
    }
    return switch (lower) {
      case "p-256", "secp256r1", "prime256v1" -> DEFAULT;
      case "p-384", "secp384r1" -> new KeySpec("EC", "secp384r1", 384);
      default ->
          throw new IllegalArgumentException(
              "'" + type + "' is not a key type tailgate can order (RSA [bits], P-256, P-384)");
    };
  }

  public KeyPair generate() {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance(algorithm);
      if (algorithm.equals("EC")) {
        generator.initialize(new ECGenParameterSpec(curve));
      } else {
        generator.initialize(bits);
      }
      return generator.generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot make a " + this + " key: " + e.getMessage(), e);
    }
  }

  @Override
  public String toString() {
    return algorithm.equals("EC") ? (bits == 256 ? "P-256" : "P-384") : "RSA " + bits;
  }
}
