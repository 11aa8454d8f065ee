package dev.tailgate.config.syntax;

import java.io.IOException;
import java.nio.charset.MalformedInputException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Stage 1: reads httpd-syntax files into a {@link ConfigTree}. It knows the syntax (lines,
 * continuation, comments, quoting, sections, variables) and the directives that act while reading
 * ({@code Include}, {@code IncludeOptional}, {@code Define}, {@code UnDefine}), and nothing about
 * what other directives mean. Every problem of every file is collected before giving up.
 */
public final class ConfigParser {

  /** The directives this stage consumes; stage 2 never sees them. */
  public static final List<String> READ_TIME_DIRECTIVES =
      List.of("Include", "IncludeOptional", "Define", "UnDefine");

  private final Variables variables;
  private final ProblemCollector problems = new ProblemCollector();

  /**
   * @param environment where {@code ${VAR}} looks when no {@code Define} set VAR
   */
  public ConfigParser(Map<String, String> environment) {
    this.variables = new Variables(environment);
  }

  public ConfigParser() {
    this(System.getenv());
  }

  public ConfigTree parse(Path mainFile) throws ConfigException {
    List<ConfigNode> nodes = new ArrayList<>();
    List<String> lines = read(mainFile, new SourceLocation(mainFile, 0), "Include");
    if (lines != null) {
      nodes = parseLines(mainFile, lines, new ArrayDeque<>(List.of(realPath(mainFile))));
    }
    problems.throwIfAny();
    return new ConfigTree(mainFile, nodes);
  }

  /**
   * Parses {@code lines} as if they were the file {@code origin} (which need not exist), for
   * configuration held elsewhere: a servlet filter's init parameter, a Spring property.
   */
  public ConfigTree parse(Path origin, List<String> lines) throws ConfigException {
    List<ConfigNode> nodes =
        parseLines(origin, lines, new ArrayDeque<>(List.of(origin.toAbsolutePath())));
    problems.throwIfAny();
    return new ConfigTree(origin, nodes);
  }

  private List<ConfigNode> parseLines(
      Path file, List<String> physicalLines, Deque<Path> includeChain) {
    List<ConfigNode> top = new ArrayList<>();
    Deque<OpenSection> open = new ArrayDeque<>();
    for (LogicalLine line : LineReader.join(physicalLines)) {
      SourceLocation at = new SourceLocation(file, line.line());
      if (line.text() == null) {
        problems.add(
            at,
            firstWord(physicalLines.get(line.line() - 1).strip()),
            "the last line ends with \\ but the file ends there",
            "remove the trailing \\");
        continue;
      }
      String text = line.text().strip();
      if (text.isEmpty() || text.startsWith("#")) {
        continue;
      }
      List<ConfigNode> target = open.isEmpty() ? top : open.peek().children;
      String expanded;
      try {
        expanded = variables.expand(text);
      } catch (ArgumentSyntaxException e) {
        problems.add(at, displayWord(text), e.getMessage(), e.hint());
        continue;
      }
      if (expanded.startsWith("</")) {
        close(expanded, at, open, top);
      } else if (expanded.startsWith("<")) {
        openSection(expanded, at, open);
      } else {
        directive(expanded, at, target, includeChain);
      }
    }
    while (!open.isEmpty()) {
      OpenSection section = open.pop();
      problems.add(
          section.at,
          "<" + section.name + ">",
          "section is never closed",
          "add </" + section.name + "> before the end of " + file.getFileName());
      (open.isEmpty() ? top : open.peek().children).add(section.toNode());
    }
    return top;
  }

  private void openSection(String text, SourceLocation at, Deque<OpenSection> open) {
    String inner = text.substring(1);
    String name = firstWord(inner);
    if (!inner.endsWith(">")) {
      problems.add(
          at,
          "<" + name + ">",
          "section start must end with >",
          "write <" + name + " …> on one line");
      inner = inner + ">";
    }
    String argsText = inner.substring(name.length(), inner.length() - 1).strip();
    if (name.isEmpty() || name.equals(">")) {
      problems.add(at, "<", "section name missing", "write e.g. <Location /path>");
      return;
    }
    List<String> args = split(argsText, at, "<" + name + ">");
    open.push(new OpenSection(name, args, argsText, at));
  }

  private void close(
      String text, SourceLocation at, Deque<OpenSection> open, List<ConfigNode> top) {
    String name = text.substring(2, text.endsWith(">") ? text.length() - 1 : text.length()).strip();
    String shown = "</" + name + ">";
    if (!text.endsWith(">") || name.isEmpty() || name.contains(" ")) {
      problems.add(
          at, shown, "malformed section end", "write </" + firstWord(name) + "> alone on the line");
      name = firstWord(name);
    }
    if (open.isEmpty()) {
      problems.add(
          at,
          shown,
          "closes a section that was never opened",
          "remove it, or add <" + name + " …> above");
      return;
    }
    if (!open.peek().name.equalsIgnoreCase(name)) {
      String wanted = name;
      boolean deeper = open.stream().anyMatch(s -> s.name.equalsIgnoreCase(wanted));
      OpenSection innermost = open.peek();
      problems.add(
          at,
          shown,
          "does not close <" + innermost.name + "> opened at " + innermost.at,
          "write </" + innermost.name + "> first");
      if (!deeper) {
        return;
      }
      while (!open.peek().name.equalsIgnoreCase(name)) {
        finish(open, top);
      }
    }
    finish(open, top);
  }

  private static void finish(Deque<OpenSection> open, List<ConfigNode> top) {
    OpenSection done = open.pop();
    (open.isEmpty() ? top : open.peek().children).add(done.toNode());
  }

  private void directive(
      String text, SourceLocation at, List<ConfigNode> target, Deque<Path> includeChain) {
    String name = firstWord(text);
    String argsText = text.substring(name.length()).strip();
    List<String> args = split(argsText, at, name);
    if (args == null) {
      return;
    }
    switch (name.toLowerCase(Locale.ROOT)) {
      case "include" -> include(name, args, at, target, includeChain, false);
      case "includeoptional" -> include(name, args, at, target, includeChain, true);
      case "define" -> define(name, args, at);
      case "undefine" -> undefine(name, args, at);
      default -> target.add(new DirectiveNode(name, args, argsText, at));
    }
  }

  private void define(String name, List<String> args, SourceLocation at) {
    if (args.isEmpty() || args.size() > 2) {
      problems.add(
          at, name, "takes 1 or 2 arguments, got " + args.size(), "syntax: Define NAME [value]");
    } else if (args.get(0).contains(":") || args.get(0).contains("$")) {
      problems.add(
          at,
          name,
          "variable name " + args.get(0) + " must not contain : or $",
          "use letters, digits and _");
    } else {
      variables.define(args.get(0), args.size() == 2 ? args.get(1) : "");
    }
  }

  private void undefine(String name, List<String> args, SourceLocation at) {
    if (args.size() != 1) {
      problems.add(at, name, "takes 1 argument, got " + args.size(), "syntax: UnDefine NAME");
    } else {
      variables.undefine(args.get(0));
    }
  }

  private void include(
      String name,
      List<String> args,
      SourceLocation at,
      List<ConfigNode> target,
      Deque<Path> includeChain,
      boolean optional) {
    if (args.size() != 1) {
      problems.add(
          at,
          name,
          "takes 1 argument, got " + args.size(),
          "syntax: " + name + " file-path|directory-path|wildcard");
      return;
    }
    String argument = args.get(0);
    List<Path> files;
    try {
      files = IncludeResolver.resolve(at.file(), argument);
    } catch (IOException e) {
      problems.add(at, name, "cannot read " + argument + ": " + e.getMessage(), null);
      return;
    }
    if (files.isEmpty()) {
      if (!optional) {
        boolean pattern = IncludeResolver.isPattern(argument);
        problems.add(
            at,
            name,
            (pattern ? "no file matches " : "file not found: ")
                + argument
                + " (relative to "
                + directoryOf(at.file())
                + ")",
            "fix the path, or write IncludeOptional if the file may be missing");
      }
      return;
    }
    for (Path file : files) {
      Path real = realPath(file);
      if (includeChain.contains(real)) {
        problems.add(
            at,
            name,
            "include cycle: " + describeCycle(includeChain, real),
            "remove one of these Includes");
        continue;
      }
      List<String> lines = read(file, at, name);
      if (lines == null) {
        continue;
      }
      includeChain.push(real);
      target.addAll(parseLines(file, lines, includeChain));
      includeChain.pop();
    }
  }

  private static String describeCycle(Deque<Path> chain, Path again) {
    List<Path> order = new ArrayList<>(chain);
    Collections.reverse(order);
    int start = order.indexOf(again);
    List<Path> cycle = new ArrayList<>(order.subList(start, order.size()));
    cycle.add(again);
    return cycle.stream().map(p -> p.getFileName().toString()).collect(Collectors.joining(" -> "));
  }

  private List<String> read(Path file, SourceLocation includedAt, String directive) {
    try {
      return Files.readAllLines(file, StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      problems.add(includedAt, directive, "file not found: " + file, null);
    } catch (MalformedInputException e) {
      problems.add(includedAt, directive, file + " is not UTF-8 text", "save it as UTF-8");
    } catch (IOException e) {
      problems.add(
          includedAt,
          directive,
          "cannot read " + file + ": " + e,
          "check that the file exists and is readable");
    }
    return null;
  }

  private List<String> split(String argsText, SourceLocation at, String directive) {
    try {
      return ArgumentSplitter.split(argsText);
    } catch (ArgumentSyntaxException e) {
      problems.add(at, directive, e.getMessage(), e.hint());
      return null;
    }
  }

  private static Path realPath(Path file) {
    try {
      return file.toRealPath();
    } catch (IOException e) {
      return file.toAbsolutePath().normalize();
    }
  }

  private static String directoryOf(Path file) {
    Path parent = file.getParent();
    return parent == null ? "." : parent.toString();
  }

  private static String firstWord(String text) {
    int end = 0;
    while (end < text.length()
        && !Character.isWhitespace(text.charAt(end))
        && text.charAt(end) != '>') {
      end++;
    }
    return text.substring(0, end);
  }

  private static String displayWord(String text) {
    if (text.startsWith("</")) {
      return "</" + firstWord(text.substring(2)) + ">";
    }
    return text.startsWith("<") ? "<" + firstWord(text.substring(1)) + ">" : firstWord(text);
  }

  /** A section whose end tag has not been read yet. */
  private static final class OpenSection {
    final String name;
    final List<String> args;
    final String rawArgs;
    final SourceLocation at;
    final List<ConfigNode> children = new ArrayList<>();

    OpenSection(String name, List<String> args, String rawArgs, SourceLocation at) {
      this.name = name;
      this.args = args == null ? List.of() : args;
      this.rawArgs = rawArgs;
      this.at = at;
    }

    SectionNode toNode() {
      return new SectionNode(name, args, rawArgs, at, children);
    }
  }
}
