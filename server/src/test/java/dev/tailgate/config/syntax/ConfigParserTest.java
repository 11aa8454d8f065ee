package dev.tailgate.config.syntax;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigParserTest {

  @TempDir Path dir;

  private Path write(String name, String text) throws IOException {
    Path file = dir.resolve(name);
    Files.createDirectories(file.getParent());
    Files.writeString(file, text);
    return file;
  }

  private List<ConfigNode> parse(String text) throws Exception {
    return parse(text, Map.of());
  }

  private List<ConfigNode> parse(String text, Map<String, String> env) throws Exception {
    return new ConfigParser(env).parse(write("main.conf", text)).nodes();
  }

  @Test
  void oneDirectivePerLineWithFileAndLine() throws Exception {
    List<ConfigNode> nodes =
        parse("\n# a comment\n   # indented comment\nServerName a.example.org\n\nListen 80\n");

    assertThat(nodes).extracting(ConfigNode::name).containsExactly("ServerName", "Listen");
    assertThat(nodes.get(0).at()).isEqualTo(new SourceLocation(dir.resolve("main.conf"), 4));
    assertThat(nodes.get(1).at().line()).isEqualTo(6);
  }

  @Test
  void hashInsideALineIsNotAComment() throws Exception {
    ConfigNode node = parse("Header set X-Tag a#b # not a comment\n").get(0);

    assertThat(node.args()).containsExactly("set", "X-Tag", "a#b", "#", "not", "a", "comment");
  }

  @Test
  void backslashContinuesTheLineAndTheNodeKeepsTheFirstLine() throws Exception {
    List<ConfigNode> nodes =
        parse("Listen 80\nProxyPass /app \\\n    http://127.0.0.1:8080/app\nServerName x\n");

    assertThat(nodes.get(1).args()).containsExactly("/app", "http://127.0.0.1:8080/app");
    assertThat(nodes.get(1).at().line()).isEqualTo(2);
    assertThat(nodes.get(2).at().line()).isEqualTo(4);
  }

  @Test
  void trailingBlanksAfterTheBackslashStillContinue() throws Exception {
    ConfigNode node = parse("ServerAlias a.example.org \\   \n b.example.org\n").get(0);

    assertThat(node.args()).containsExactly("a.example.org", "b.example.org");
  }

  @Test
  void quotedArgumentsKeepBlanksAndLoseTheirQuotes() throws Exception {
    ConfigNode node = parse("LogFormat \"%h \\\"%r\\\" %>s\" 'my log' \"\" plain\n").get(0);

    assertThat(node.args()).containsExactly("%h \"%r\" %>s", "my log", "", "plain");
    assertThat(node.rawArgs()).isEqualTo("\"%h \\\"%r\\\" %>s\" 'my log' \"\" plain");
  }

  @Test
  void sectionsNestAndCloseCaseInsensitively() throws Exception {
    List<ConfigNode> nodes =
        parse(
            "<VirtualHost *:443>\n  <location /app>\n    Require valid-user\n  </LOCATION>\n  ServerName a\n</virtualhost>\n");

    SectionNode vhost = (SectionNode) nodes.get(0);
    assertThat(vhost.name()).isEqualTo("VirtualHost");
    assertThat(vhost.args()).containsExactly("*:443");
    assertThat(vhost.children())
        .extracting(ConfigNode::name)
        .containsExactly("location", "ServerName");
    SectionNode location = (SectionNode) vhost.children().get(0);
    assertThat(location.args()).containsExactly("/app");
    assertThat(location.children()).extracting(ConfigNode::rawArgs).containsExactly("valid-user");
  }

  @Test
  void quotedSectionArguments() throws Exception {
    SectionNode section =
        (SectionNode) parse("<LocationMatch \"^/a b/\">\n</LocationMatch>\n").get(0);

    assertThat(section.args()).containsExactly("^/a b/");
  }

  @Test
  void includeIsRelativeToTheIncludingFileAndInlinesInPlace() throws Exception {
    write("sites/a.conf", "ServerName a\nInclude more/b.conf\n");
    write("sites/more/b.conf", "ServerName b\n");
    List<ConfigNode> nodes =
        parse("Listen 80\n<VirtualHost *:80>\nInclude sites/a.conf\n</VirtualHost>\nListen 81\n");

    assertThat(nodes)
        .extracting(ConfigNode::name)
        .containsExactly("Listen", "VirtualHost", "Listen");
    SectionNode vhost = (SectionNode) nodes.get(1);
    assertThat(vhost.children()).extracting(n -> n.args().get(0)).containsExactly("a", "b");
    assertThat(vhost.children().get(1).at())
        .isEqualTo(new SourceLocation(dir.resolve("sites/more/b.conf"), 1));
  }

  @Test
  void includeGlobsAreSortedByName() throws Exception {
    write("conf.d/20-b.conf", "ServerName b\n");
    write("conf.d/10-a.conf", "ServerName a\n");
    write("conf.d/30-c.txt", "ServerName not-included\n");
    write("sites/x/site.conf", "ServerName x\n");
    write("sites/y/site.conf", "ServerName y\n");

    List<ConfigNode> nodes = parse("Include conf.d/*.conf\nInclude sites/*/site.conf\n");

    assertThat(nodes).extracting(n -> n.args().get(0)).containsExactly("a", "b", "x", "y");
  }

  @Test
  void includeOfADirectoryReadsAllFilesBelowIt() throws Exception {
    write("all/b.conf", "ServerName b\n");
    write("all/a.conf", "ServerName a\n");
    write("all/sub/c.conf", "ServerName c\n");

    assertThat(parse("Include all\n"))
        .extracting(n -> n.args().get(0))
        .containsExactly("a", "b", "c");
  }

  @Test
  void includeOptionalIgnoresWhatIsMissing() throws Exception {
    assertThat(parse("IncludeOptional nothing.conf\nIncludeOptional none/*.conf\nListen 80\n"))
        .extracting(ConfigNode::name)
        .containsExactly("Listen");
  }

  @Test
  void defineAndVariablesFromDefinesBeforeTheEnvironment() throws Exception {
    List<ConfigNode> nodes =
        parse(
            "Define HOST vps.example.ts.net\nServerName ${HOST}\nListen ${PORT}\n"
                + "Define PORT 9443\nListen ${PORT}\n<Location /${HOST}>\n</Location>\nUnDefine PORT\nListen ${PORT}\n",
            Map.of("PORT", "8443", "HOST", "from-env"));

    assertThat(nodes)
        .extracting(ConfigNode::rawArgs)
        .containsExactly("vps.example.ts.net", "8443", "9443", "/vps.example.ts.net", "8443");
  }

  @Test
  void defineInAnIncludedFileIsVisibleAfterTheInclude() throws Exception {
    write("vars.conf", "Define BACKEND http://127.0.0.1:8080\n");

    assertThat(parse("Include vars.conf\nProxyPass / ${BACKEND}/\n").get(0).args())
        .containsExactly("/", "http://127.0.0.1:8080/");
  }

  @Test
  void allProblemsOfAFileAreReportedTogether() throws Exception {
    ConfigException error =
        catchThrowableOfType(
            ConfigException.class,
            () -> parse("ServerName ${A}\nServerName \"x\n</Location>\n<VirtualHost *:80>\n"));

    assertThat(error.problems()).extracting(ConfigProblem::line).containsExactly(1, 2, 3, 4);
  }
}
