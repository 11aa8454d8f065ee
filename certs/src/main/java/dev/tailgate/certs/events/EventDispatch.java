package dev.tailgate.certs.events;

import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where the certificate and stapling jobs send their events: logged, throttled as mod_md throttles
 * them, then handed to the listener ({@code MDMessageCmd}). A success makes the next failure of the
 * same kind news again. A listener that fails is logged, never passed back to the job.
 */
public final class EventDispatch implements Consumer<CertEvent> {
  private static final Logger LOG = LoggerFactory.getLogger(EventDispatch.class);

  private final EventThrottle throttle = EventThrottle.modMdDefaults();
  private final CertEventListener listener;

  public EventDispatch(CertEventListener listener) {
    this.listener = listener;
  }

  @Override
  public void accept(CertEvent event) {
    switch (event.name()) {
      case CertEvent.RENEWED, CertEvent.INSTALLED ->
          throttle.reset(CertEvent.ERRORED, event.domain());
      case CertEvent.OCSP_RENEWED -> throttle.reset(CertEvent.OCSP_ERRORED, event.domain());
      default -> {}
    }
    if (!throttle.allow(event)) {
      return;
    }
    LOG.info("{} {}: {}", event.name(), event.domain(), event.detail());
    try {
      listener.on(event);
    } catch (RuntimeException e) {
      LOG.warn("an event listener failed on {} {}: {}", event.name(), event.domain(), e.toString());
    }
  }
}
