package dev.tailgate.server.http;

import dev.tailgate.config.model.TailgateConfig;
import dev.tailgate.config.model.VirtualHost;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * Everything one configuration serves, prepared up front so that a request only looks things up. A
 * reload builds a new set and swaps it in whole: requests that started on the old set finish on it.
 */
public final class SiteSet {
  private final TailgateConfig config;
  private final Map<VirtualHost, Site> sites;

  public SiteSet(TailgateConfig config, List<Site> sites) {
    this.config = config;
    this.sites = new IdentityHashMap<>();
    for (Site site : sites) {
      this.sites.put(site.vhost(), site);
    }
  }

  public TailgateConfig config() {
    return config;
  }

  public Site site(VirtualHost vhost) {
    Site site = sites.get(vhost);
    if (site == null) {
      throw new IllegalStateException("no site prepared for " + vhost.describe());
    }
    return site;
  }
}
