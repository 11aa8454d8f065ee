package dev.tailgate.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tailgate.config.ConfigLoader;
import dev.tailgate.config.model.HostConfig;
import dev.tailgate.server.runtime.StandardModules;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The merged-location cache answers like the merge itself and cannot be grown by clients. */
class LocationCacheTest {
  @TempDir Path dir;

  private HostConfig host() throws Exception {
    Path config =
        Files.writeString(
            dir.resolve("tailgate.conf"),
            "Listen 80\n"
                + "<Location /app>\n  Header set X-App yes\n</Location>\n"
                + "<Location /app/admin>\n  Header set X-Admin yes\n</Location>\n");
    return new ConfigLoader(Map.of(), StandardModules.registry()).load(config).mainServer().host();
  }

  @Test
  void cachedLocationsAreTheMergedOnes() throws Exception {
    HostConfig host = host();
    LocationCache cache = new LocationCache(host);

    assertThat(cache.locationFor("/app/admin/x")).isEqualTo(host.locationFor("/app/admin/x"));
    assertThat(cache.locationFor("/app/admin/x")).isSameAs(cache.locationFor("/app/admin/x"));
    assertThat(cache.locationFor("/other").responseHeaders()).isEmpty();
  }

  @Test
  void manyDistinctPathsNeverGrowItPastItsBound() throws Exception {
    LocationCache cache = new LocationCache(host());

    for (int i = 0; i < LocationCache.MAX_ENTRIES * 3; i++) {
      cache.locationFor("/app/" + i);
      assertThat(cache.size()).isLessThanOrEqualTo(LocationCache.MAX_ENTRIES);
    }
  }
}
