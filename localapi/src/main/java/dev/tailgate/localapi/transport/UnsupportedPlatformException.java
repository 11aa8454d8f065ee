package dev.tailgate.localapi.transport;

/** tailscaled exists on this platform, but we cannot speak to it yet (Windows named pipes). */
public class UnsupportedPlatformException extends dev.tailgate.localapi.LocalApiException {
  public UnsupportedPlatformException(String message) {
    super(message);
  }
}
