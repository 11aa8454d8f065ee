package dev.tailgate.localapi.model;

import com.fasterxml.jackson.annotation.JsonEnumDefaultValue;

/**
 * tailscaled's {@code Status.BackendState}. Only {@link #Running} has a network map, so only then
 * can certificates be fetched and peers identified. Values a future daemon adds map to {@link
 * #Unknown}.
 */
public enum BackendState {
  NoState,
  InUseOtherUser,
  NeedsLogin,
  NeedsMachineAuth,
  Stopped,
  Starting,
  Running,
  @JsonEnumDefaultValue
  Unknown
}
