package org.example.stwd.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Collections;
import java.util.List;
import java.util.ServiceLoader;
import org.camunda.bpm.engine.rest.spi.ProcessEngineProvider;
import org.junit.jupiter.api.Test;

class EngineLookupClassLoaderTest {

  private static List<String> providers(ClassLoader loader) {
    return ServiceLoader.load(ProcessEngineProvider.class, loader).stream()
        .map(p -> p.type().getName())
        .toList();
  }

  @Test
  void findsTheSameEngineProvidersFromMemoryAndPassesEverythingElseOn() throws Exception {
    ClassLoader application = getClass().getClassLoader();
    EngineLookupClassLoader loader = new EngineLookupClassLoader(application);

    assertThat(providers(application)).isNotEmpty();
    assertThat(providers(loader)).isEqualTo(providers(application));
    // the provider file is served from memory, not read from the class path again
    assertThat(Collections.list(loader.getResources(EngineLookupClassLoader.PROVIDER_FILE)))
        .singleElement()
        .satisfies(url -> assertThat(url.getProtocol()).isEqualTo("stwd-memory"));
    // other resources and classes come from the application's class loader
    String other = "META-INF/services/jakarta.ws.rs.ext.RuntimeDelegate";
    assertThat(Collections.list(loader.getResources(other)))
        .isEqualTo(Collections.list(application.getResources(other)));
    assertThat(loader.loadClass(ProcessEngineProvider.class.getName()))
        .isSameAs(ProcessEngineProvider.class);
  }
}
