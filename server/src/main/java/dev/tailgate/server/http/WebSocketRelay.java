package dev.tailgate.server.http;

import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.websocket.core.CloseStatus;
import org.eclipse.jetty.websocket.core.CoreSession;
import org.eclipse.jetty.websocket.core.Frame;
import org.eclipse.jetty.websocket.core.FrameHandler;
import org.eclipse.jetty.websocket.core.OpCode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One proxied WebSocket: the client's session and the backend's, each frame copied to the other
 * side as it arrives (fragments, pings and pongs included, so the two ends talk to each other
 * rather than to tailgate).
 *
 * <p>Flow control is end to end: a frame is acknowledged, and the next one demanded, only once the
 * other side has written it, so a slow reader slows the writer instead of filling tailgate's
 * memory, and no thread ever waits. A close is forwarded and its reply awaited before the first
 * side is answered, so each end sees the other's close code and reason, not one made up by the
 * proxy.
 *
 * <p>The backend side opens first (the tunnel connects there before accepting the client, so a dead
 * backend is still a 502); nothing is read from either side until both are open.
 */
final class WebSocketRelay {
  private static final Logger LOG = LoggerFactory.getLogger(WebSocketRelay.class);

  private final Side client =
      new Side("client", new CloseStatus(CloseStatus.SHUTDOWN, "client went away"));
  private final Side backend =
      new Side("backend", new CloseStatus(CloseStatus.BAD_GATEWAY, "backend connection lost"));

  FrameHandler clientSide() {
    return client;
  }

  FrameHandler backendSide() {
    return backend;
  }

  /** The client's upgrade did not happen after all: let the backend go. */
  void abandon() {
    CoreSession session = backend.session;
    if (session != null) {
      session.close(CloseStatus.SHUTDOWN, "client upgrade failed", Callback.NOOP);
    }
  }

  private final class Side implements FrameHandler {
    private final String name;

    /** What the other side is told when this one ends without a close handshake. */
    private final CloseStatus lost;

    private volatile CoreSession session;
    private volatile boolean closed;

    /** This side's close, held until the other side answers it; guarded by the relay. */
    private Callback unansweredClose;

    Side(String name, CloseStatus lost) {
      this.name = name;
      this.lost = lost;
    }

    private Side other() {
      return this == client ? backend : client;
    }

    @Override
    public void onOpen(CoreSession session, Callback callback) {
      this.session = session;
      callback.succeeded();
      if (this == client) {
        if (backend.closed) {
          session.close(backend.lost, Callback.NOOP);
        } else {
          client.session.demand();
          backend.session.demand();
        }
      }
    }

    @Override
    public void onFrame(Frame frame, Callback callback) {
      if (frame.getOpCode() == OpCode.CLOSE) {
        onClose(frame, callback);
        return;
      }
      other()
          .session
          .sendFrame(
              copy(frame),
              Callback.from(
                  () -> {
                    callback.succeeded();
                    session.demand();
                  },
                  callback::failed),
              false);
    }

    private void onClose(Frame frame, Callback callback) {
      Side other = other();
      Callback answered;
      synchronized (WebSocketRelay.this) {
        answered = other.unansweredClose;
        other.unansweredClose = null;
        if (answered == null) {
          unansweredClose = callback;
        }
      }
      if (answered == null) {
        // this side closes first: pass it on; the other side's reply will answer it
        other.session.sendFrame(
            copy(frame), Callback.from(() -> {}, failure -> answerOwnClose()), false);
      } else {
        // this close answers the other side's: hand it over, then let both sessions finish
        other.session.sendFrame(
            copy(frame),
            Callback.from(
                () -> {
                  answered.succeeded();
                  callback.succeeded();
                },
                failure -> {
                  answered.succeeded();
                  callback.succeeded();
                }),
            false);
      }
    }

    /** Lets Jetty answer this side's close itself (echoing its code): the other side never will. */
    private void answerOwnClose() {
      Callback pending;
      synchronized (WebSocketRelay.this) {
        pending = unansweredClose;
        unansweredClose = null;
      }
      if (pending != null) {
        pending.succeeded();
      }
    }

    @Override
    public void onError(Throwable cause, Callback callback) {
      LOG.debug("WebSocket {} side failed", name, cause);
      callback.succeeded();
    }

    @Override
    public void onClosed(CloseStatus status, Callback callback) {
      closed = true;
      Side other = other();
      other.answerOwnClose();
      CoreSession otherSession = other.session;
      if (otherSession != null && otherSession.isOutputOpen()) {
        CloseStatus passOn =
            CloseStatus.isTransmittableStatusCode(status.getCode()) ? status : lost;
        otherSession.close(passOn.getCode(), passOn.getReason(), Callback.NOOP);
      }
      callback.succeeded();
    }

    /** A fresh frame over the same payload: the sending session sets its own mask and flags. */
    private static Frame copy(Frame frame) {
      return new Frame(frame.getOpCode(), frame.isFin(), frame.getPayload());
    }

    @Override
    public String toString() {
      return "WebSocketRelay." + name;
    }
  }
}
