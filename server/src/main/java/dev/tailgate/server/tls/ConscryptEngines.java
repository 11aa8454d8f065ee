package dev.tailgate.server.tls;

import java.nio.ByteBuffer;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLException;
import org.conscrypt.AllocatedBuffer;
import org.conscrypt.BufferAllocator;
import org.conscrypt.Conscrypt;
import org.eclipse.jetty.io.ByteBufferPool;
import org.eclipse.jetty.io.RetainableByteBuffer;

/**
 * What a Conscrypt engine needs beyond the JCA defaults, set on each engine before its handshake.
 *
 * <p>Buffers: an engine given heap buffers copies them through a direct one. Without an allocator
 * it keeps a 16 KiB direct buffer of its own, freed only when the collector reaches the engine;
 * with this one it borrows from the server's pool for the length of a call, and the TLS connection
 * factory gives it direct network buffers ({@link TlsContexts}). Its gathering wrap (a response's
 * header and body in one record) still takes its own buffer (conscrypt#974). Conscrypt's engines
 * have finalizers, so they outlive their connection by a collection; promoted, they and their
 * buffers wait for a full collection, which under handshake churn grew the process to 727 MiB
 * (bench run 2026-12-01-1703). The launchers' survivor spaces let them die young (bench/README.md).
 *
 * <p>Session tickets: Conscrypt's engines issue none unless told, so a returning client would get a
 * full handshake; with them it resumes from a TLS 1.3 ticket, as on the JDK's engine. The ticket
 * keys are BoringSSL's, made per TLS context and rotated by it; a reload keeps the context.
 */
final class ConscryptEngines {
  private ConscryptEngines() {}

  static void customize(SSLEngine engine, ByteBufferPool pool) {
    if (!Conscrypt.isConscrypt(engine)) {
      return;
    }
    Conscrypt.setBufferAllocator(engine, new PooledAllocator(pool));
    Conscrypt.setUseSessionTickets(engine, true);
  }

  /**
   * Frees the engine's native session with its connection: Conscrypt frees it once both sides are
   * closed, and Jetty closes only the outbound side. Otherwise the session (and the memory
   * BoringSSL holds for it) waits for the collector to finalise the engine.
   */
  static void release(SSLEngine engine) {
    try {
      engine.closeInbound();
    } catch (SSLException peerDidNotSayGoodbye) {
      // expected when the peer left without close_notify: the engine is closed all the same
    }
  }

  /** Direct buffers from Jetty's pool, returned when Conscrypt releases them. */
  private static final class PooledAllocator extends BufferAllocator {
    private final ByteBufferPool pool;

    PooledAllocator(ByteBufferPool pool) {
      this.pool = pool;
    }

    @Override
    public AllocatedBuffer allocateDirectBuffer(int capacity) {
      return new Pooled(pool.acquire(capacity, true));
    }
  }

  private static final class Pooled extends AllocatedBuffer {
    private final RetainableByteBuffer buffer;
    private final ByteBuffer nio;

    Pooled(RetainableByteBuffer buffer) {
      this.buffer = buffer;
      // Jetty hands out buffers in flush mode (empty); Conscrypt expects one ready to fill
      this.nio = buffer.getByteBuffer();
      nio.clear();
    }

    @Override
    public ByteBuffer nioBuffer() {
      return nio;
    }

    @Override
    public AllocatedBuffer release() {
      buffer.release();
      return this;
    }
  }
}
