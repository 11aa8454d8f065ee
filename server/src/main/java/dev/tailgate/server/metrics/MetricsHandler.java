package dev.tailgate.server.metrics;

import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * {@code SetHandler metrics}: the registry in Prometheus' text format (version 0.0.4), which every
 * scraper reads. Served like any handler, so the location's access rules decide who may scrape.
 */
public final class MetricsHandler extends Handler.Abstract.NonBlocking {
  public static final String NAME = "metrics";
  private static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

  private final TailgateMetrics metrics;
  private final PrometheusTextFormatWriter writer = PrometheusTextFormatWriter.create();

  public MetricsHandler(TailgateMetrics metrics) {
    this.metrics = metrics;
  }

  @Override
  public boolean handle(Request request, Response response, Callback callback) throws IOException {
    ByteArrayOutputStream text = new ByteArrayOutputStream(8192);
    writer.write(text, metrics.scrape());
    response.setStatus(200);
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, CONTENT_TYPE);
    response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
    response.write(true, ByteBuffer.wrap(text.toByteArray()), callback);
    return true;
  }
}
