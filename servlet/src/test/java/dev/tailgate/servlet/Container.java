package dev.tailgate.servlet;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import jakarta.servlet.http.HttpServlet;
import java.nio.file.Files;
import java.util.EnumSet;
import java.util.Map;
import org.apache.catalina.Context;
import org.apache.catalina.connector.Connector;
import org.apache.catalina.startup.Tomcat;
import org.apache.tomcat.util.descriptor.web.FilterDef;
import org.apache.tomcat.util.descriptor.web.FilterMap;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

/** A real servlet container on 127.0.0.1 with the filter in front of one servlet at {@code /*}. */
interface Container extends AutoCloseable {
  int port();

  @Override
  void close() throws Exception;

  /** The two containers the filter is tested in. */
  enum Kind {
    TOMCAT_11,
    JETTY_12_EE10;

    Container start(Filter filter, HttpServlet servlet) throws Exception {
      return this == TOMCAT_11 ? tomcat(filter, servlet, Map.of()) : jetty(filter, servlet);
    }
  }

  /** Tomcat with the filter declared as web.xml declares it: by class, with init parameters. */
  static Container tomcatWithInitParameters(Map<String, String> parameters, HttpServlet servlet)
      throws Exception {
    return tomcat(null, servlet, parameters);
  }

  private static Container tomcat(Filter filter, HttpServlet servlet, Map<String, String> params)
      throws Exception {
    Tomcat tomcat = new Tomcat();
    tomcat.setBaseDir(Files.createTempDirectory("tomcat").toString());
    Connector connector = new Connector();
    connector.setPort(0);
    connector.setProperty("address", "127.0.0.1");
    tomcat.setConnector(connector);
    Context context = tomcat.addContext("", null);
    Tomcat.addServlet(context, "app", servlet);
    context.addServletMappingDecoded("/*", "app");
    FilterDef def = new FilterDef();
    def.setFilterName("tailgate");
    if (filter == null) {
      def.setFilterClass(TailscaleFilter.class.getName());
      params.forEach(def::addInitParameter);
    } else {
      def.setFilter(filter);
    }
    context.addFilterDef(def);
    FilterMap map = new FilterMap();
    map.setFilterName("tailgate");
    map.addURLPattern("/*");
    context.addFilterMap(map);
    tomcat.start();
    return new Container() {
      @Override
      public int port() {
        return connector.getLocalPort();
      }

      @Override
      public void close() throws Exception {
        tomcat.stop();
        tomcat.destroy();
      }
    };
  }

  private static Container jetty(Filter filter, HttpServlet servlet) throws Exception {
    Server server = new Server();
    ServerConnector connector = new ServerConnector(server);
    connector.setHost("127.0.0.1");
    server.addConnector(connector);
    ServletContextHandler context = new ServletContextHandler();
    context.addServlet(new ServletHolder(servlet), "/*");
    context.addFilter(new FilterHolder(filter), "/*", EnumSet.of(DispatcherType.REQUEST));
    server.setHandler(context);
    server.start();
    return new Container() {
      @Override
      public int port() {
        return connector.getLocalPort();
      }

      @Override
      public void close() throws Exception {
        server.stop();
      }
    };
  }
}
