package dev.tailgate.server.load;

import dev.tailgate.server.testing.TestBackend;
import java.io.IOException;
import java.time.Duration;
import java.util.function.IntFunction;

/**
 * The two kinds of client a load lane can be: one keep-alive connection held for the whole run, or
 * a new TLS connection for every request ({@code Connection: close}: handshake, and whois when the
 * path needs an identity). Each reply is judged by the test; a keep-alive lane never reconnects, so
 * a connection the server dropped shows up as a failure.
 */
final class Traffic {
  private Traffic() {}

  /** What a test makes of one reply. */
  enum Outcome {
    /** as it should be; its latency is recorded */
    OK,
    /** an expected refusal (a 503 during an outage); the judge keeps its own account */
    TOLERATED,
    FAILED
  }

  @FunctionalInterface
  interface Judge {
    Outcome judge(WireReply reply);
  }

  /** A 200 from the backend: the open path. */
  static final Judge SERVED =
      reply ->
          reply.status() == 200 && TestBackend.BODY.equals(reply.body())
              ? Outcome.OK
              : Outcome.FAILED;

  /**
   * A 200 from the backend that was told the user is icing: the private path, from icing's laptop.
   */
  static final Judge SERVED_AS_ICING =
      reply ->
          reply.status() == 200 && LoadTarget.ICING_LOGIN.equals(reply.seenUser())
              ? Outcome.OK
              : Outcome.FAILED;

  /**
   * Lanes that each hold one connection from {@code from} and GET {@code path} once per {@code
   * interval}.
   */
  static IntFunction<Lanes.Body> keepAlive(
      LoadTarget target, Tally tally, String from, String path, Duration interval, Judge judge) {
    return i ->
        new Lanes.Body() {
          private final Tally.Lane lane = tally.lane();
          private WireClient client;

          @Override
          public void run(Lanes lanes) throws IOException {
            long start = System.nanoTime();
            try {
              if (client == null) {
                client = target.connect(from);
              }
              record(tally, lane, judge, client.get(path, false), start, path);
            } catch (IOException | RuntimeException e) {
              close();
              throw e;
            } finally {
              if (!lanes.running()) {
                close();
              }
            }
            lanes.pace(start, interval);
          }

          private void close() {
            if (client != null) {
              client.close();
              client = null;
            }
          }
        };
  }

  /**
   * Lanes that open a new connection from {@code from} for every GET of {@code path}, back to back.
   */
  static IntFunction<Lanes.Body> newConnections(
      LoadTarget target, Tally tally, String from, String path, Judge judge) {
    return i ->
        new Lanes.Body() {
          private final Tally.Lane lane = tally.lane();

          @Override
          public void run(Lanes lanes) throws IOException {
            long start = System.nanoTime();
            try (WireClient client = target.connect(from)) {
              record(tally, lane, judge, client.get(path, true), start, path);
            }
          }
        };
  }

  private static void record(
      Tally tally, Tally.Lane lane, Judge judge, WireReply reply, long start, String path) {
    switch (judge.judge(reply)) {
      case OK -> lane.ok(System.nanoTime() - start);
      case TOLERATED -> {}
      case FAILED ->
          tally.fail(
              Thread.currentThread().getName()
                  + ": GET "
                  + path
                  + " gave "
                  + reply.status()
                  + " (backend saw user '"
                  + reply.seenUser()
                  + "')");
    }
  }
}
