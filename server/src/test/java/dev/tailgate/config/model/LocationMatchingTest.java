package dev.tailgate.config.model;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tailgate.config.ConfigText;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class LocationMatchingTest {

  @TempDir Path dir;

  @ParameterizedTest(name = "<Location {0}> vs {1}: {2}")
  @CsvSource({
    "/private, /private, true",
    "/private, /private/, true",
    "/private, /private/file.txt, true",
    "/private, /private123, false",
    "/private, /privat, false",
    "/dir/, /dir/, true",
    "/dir/, /dir/x, true",
    "/dir/, /dir, false",
    "/, /, true",
    "/, /anything/at/all, true",
  })
  void prefixMatchesOnSegmentBoundaries(String location, String path, boolean matches) {
    assertThat(new LocationPattern.Prefix(location).match(path).isPresent()).isEqualTo(matches);
  }

  @ParameterizedTest(name = "<Location {0}> vs {1}: {2}")
  @CsvSource({
    "/files/*.txt, /files/a.txt, true",
    "/files/*.txt, /files/sub/a.txt, false",
    "/files/?.txt, /files/a.txt, true",
    "/files/[ab].txt, /files/b.txt, true",
    "/files/[!ab].txt, /files/b.txt, false",
    "/files/[!ab].txt, /files/c.txt, true",
  })
  void wildcardsDoNotCrossSlashes(String location, String path, boolean matches) {
    assertThat(LocationPattern.ofPath(location).match(path).isPresent()).isEqualTo(matches);
  }

  @Test
  void regexIsSearchedUnanchoredAndCapturesGroups() {
    LocationPattern pattern = new LocationPattern.Regex(Pattern.compile("/api/(v\\d)/"));

    assertThat(pattern.match("/x/api/v2/users"))
        .get()
        .extracting(LocationMatch::groups)
        .isEqualTo(List.of("/api/v2/", "v2"));
    assertThat(pattern.match("/api/latest/")).isEmpty();
  }

  @Test
  void sectionsApplyInConfigOrderMainServerFirstRegardlessOfSpecificity() throws Exception {
    TailgateConfig config =
        ConfigText.load(
            dir,
            """
                Listen 80
                <Location /app/admin>
                  DirectoryIndex first.html
                </Location>
                <VirtualHost *:80>
                  <LocationMatch ^/app>
                    DirectoryIndex second.html
                  </LocationMatch>
                  <Location /app>
                    DirectoryIndex third.html
                  </Location>
                  <Location /other>
                    DirectoryIndex never.html
                  </Location>
                </VirtualHost>
                """);
    HostConfig host = config.virtualHosts().get(0).host();

    EffectiveLocation admin = host.locationFor("/app/admin/users");

    assertThat(admin.sections())
        .extracting(LocationSection::describe)
        .containsExactly("<Location /app/admin>", "<LocationMatch ^/app>", "<Location /app>");
    assertThat(admin.directoryIndex()).containsExactly("third.html");
    assertThat(host.locationFor("/app").directoryIndex()).containsExactly("third.html");
    assertThat(host.locationFor("/nothing").directoryIndex()).containsExactly("index.html");
  }
}
