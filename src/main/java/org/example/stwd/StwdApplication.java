package org.example.stwd;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

@SpringBootApplication
@ConfigurationPropertiesScan
public class StwdApplication {

  public static void main(String[] args) {
    SpringApplication.run(StwdApplication.class, args);
  }
}
