package org.example.stwd.engine;

import java.util.Map;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.env.EnvironmentPostProcessor;
import org.springframework.core.env.ConfigurableEnvironment;

/**
 * Names the implementations of two service-provider lookups that the libraries otherwise repeat on
 * every call, by scanning the class path with {@link java.util.ServiceLoader}:
 *
 * <ul>
 *   <li>Jakarta Mail 2.1 looks up its {@code StreamProvider} for every MIME part, header word and
 *       body it encodes (jakartaee/mail-api#861). Inside the packaged jar each lookup walks the
 *       nested jars, which the benchmark found expensive (ADR 0007);
 *   <li>the engine creates a {@code DatatypeFactory} for every cycle timer it schedules.
 * </ul>
 *
 * Both factories read a system property first. It is set only when absent and when the class is
 * there, so an operator's own choice wins.
 */
public class ServiceProviderPins implements EnvironmentPostProcessor {

  static final Map<String, String> PINS =
      Map.of(
          "jakarta.mail.util.StreamProvider", "org.eclipse.angus.mail.util.MailStreamProvider",
          "javax.xml.datatype.DatatypeFactory",
              "com.sun.org.apache.xerces.internal.jaxp.datatype.DatatypeFactoryImpl");

  @Override
  public void postProcessEnvironment(
      ConfigurableEnvironment environment, SpringApplication application) {
    // a piece of the engine tuning (EngineTuning), read before the settings are bound
    if (!environment.getProperty("stwd.engine-tuning.enabled", Boolean.class, true)
        || !environment.getProperty(
            "stwd.engine-tuning.service-provider-pins", Boolean.class, true)) {
      return;
    }
    PINS.forEach(
        (service, implementation) -> {
          if (System.getProperty(service) == null && present(implementation)) {
            System.setProperty(service, implementation);
          }
        });
  }

  private static boolean present(String className) {
    try {
      Class.forName(className, false, ServiceProviderPins.class.getClassLoader());
      return true;
    } catch (ClassNotFoundException | LinkageError e) {
      return false;
    }
  }
}
