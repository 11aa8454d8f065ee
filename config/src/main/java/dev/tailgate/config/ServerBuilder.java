package dev.tailgate.config;

import dev.tailgate.config.model.Listener;
import dev.tailgate.config.model.UnixListener;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Collects the server-wide part of the config: listeners, the main server, the vhosts, and where
 * relative paths are resolved from.
 */
public final class ServerBuilder {

  final Path mainFile;
  Path serverRoot;
  final List<Listener> listeners = new ArrayList<>();
  final List<UnixListener> unixListeners = new ArrayList<>();
  final HostBuilder mainServer = new HostBuilder();
  final List<VirtualHostBuilder> virtualHosts = new ArrayList<>();

  public ServerBuilder(Path mainFile) {
    this.mainFile = mainFile;
    Path parent = mainFile.getParent();
    this.serverRoot = parent == null ? Path.of("") : parent;
  }

  /**
   * httpd resolves relative paths against ServerRoot; ours defaults to the main file's directory.
   */
  public Path resolve(String path) {
    return serverRoot.resolve(path);
  }

  public void serverRoot(Path root) {
    serverRoot = root;
  }

  public Path serverRoot() {
    return serverRoot;
  }

  public void unixListener(UnixListener listener) {
    unixListeners.add(listener);
  }

  public List<UnixListener> unixListeners() {
    return unixListeners;
  }

  public void listener(Listener listener) {
    listeners.add(listener);
  }

  public List<Listener> listeners() {
    return List.copyOf(listeners);
  }

  public HostBuilder mainServer() {
    return mainServer;
  }

  public void virtualHost(VirtualHostBuilder vhost) {
    virtualHosts.add(vhost);
  }
}
