package org.example.stwd.engine;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLConnection;
import java.net.URLStreamHandler;
import java.util.Collections;
import java.util.Enumeration;
import org.camunda.bpm.engine.rest.spi.ProcessEngineProvider;

/**
 * The class loader the engine's REST resources see while they serve a request. It answers the one
 * resource they look up on every request, the {@code ServiceLoader} file naming the {@link
 * ProcessEngineProvider} (Camunda's {@code EngineUtil.lookupProcessEngine}, called by every
 * resource's constructor), from memory; everything else goes to the application's class loader
 * unchanged. Reading that file again and again through the packaged jar's nested class path was a
 * measurable cost of every REST call (ADR 0008).
 */
final class EngineLookupClassLoader extends ClassLoader {

  static {
    // one instance serves every REST thread: class loading must not queue on the instance
    registerAsParallelCapable();
  }

  static final String PROVIDER_FILE = "META-INF/services/" + ProcessEngineProvider.class.getName();

  private final URL providers;

  EngineLookupClassLoader(ClassLoader parent) {
    super(parent);
    this.providers = inMemory(read(parent));
  }

  @Override
  public Enumeration<URL> getResources(String name) throws IOException {
    if (PROVIDER_FILE.equals(name)) {
      return Collections.enumeration(Collections.singletonList(providers));
    }
    return super.getResources(name);
  }

  /** The provider files as the application's class loader has them, one after the other. */
  private static byte[] read(ClassLoader parent) {
    ByteArrayOutputStream all = new ByteArrayOutputStream();
    try {
      Enumeration<URL> files = parent.getResources(PROVIDER_FILE);
      while (files.hasMoreElements()) {
        try (InputStream in = files.nextElement().openStream()) {
          in.transferTo(all);
        }
        all.write('\n');
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read " + PROVIDER_FILE, e);
    }
    return all.toByteArray();
  }

  private static URL inMemory(byte[] content) {
    try {
      return new URL(
          null,
          "stwd-memory:" + PROVIDER_FILE,
          new URLStreamHandler() {
            @Override
            protected URLConnection openConnection(URL url) {
              return new URLConnection(url) {
                @Override
                public void connect() {
                  connected = true;
                }

                @Override
                public InputStream getInputStream() {
                  return new ByteArrayInputStream(content);
                }
              };
            }
          });
    } catch (MalformedURLException e) {
      throw new IllegalStateException(e);
    }
  }
}
