package dev.tailgate.localapi;

/** tailscaled exists on this platform, but we cannot speak to it yet (Windows named pipes). */
public class UnsupportedPlatformException extends LocalApiException {
  public UnsupportedPlatformException(String message) {
    super(message);
  }
}
