package org.example.stwd.engine;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.Comparator;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.impl.cfg.AbstractProcessEnginePlugin;
import org.camunda.bpm.engine.repository.Deployment;
import org.camunda.bpm.engine.repository.DeploymentBuilder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;
import org.springframework.stereotype.Component;

/**
 * Deploys bpmn/*.bpmn and forms/*.form together, as one deployment with stable resource names
 * ("bpmn/campaign.bpmn", "forms/submit-plan.form"), so that forms bound with
 * formRefBinding="deployment" resolve, and so that a restart, or java -jar after spring-boot:run,
 * creates no new version unless a model or form changed (duplicate filtering). It runs when the
 * engine is built, before the job executor starts.
 */
@Component
public class ProcessDeployer extends AbstractProcessEnginePlugin {

  public static final String DEPLOYMENT_NAME = "stwd-campaign";
  private static final Logger LOG = LoggerFactory.getLogger(ProcessDeployer.class);

  @Override
  public void postProcessEngineBuild(ProcessEngine engine) {
    deploy(engine);
  }

  public static Deployment deploy(ProcessEngine engine) {
    DeploymentBuilder builder =
        engine
            .getRepositoryService()
            .createDeployment()
            .name(DEPLOYMENT_NAME)
            .source("stwd-campaign")
            .enableDuplicateFiltering(false);
    int count = add(builder, "bpmn", "*.bpmn") + add(builder, "forms", "*.form");
    Deployment deployment = builder.deploy();
    LOG.info("Deployment {} with {} resources: {}", DEPLOYMENT_NAME, count, deployment.getId());
    return deployment;
  }

  private static int add(DeploymentBuilder builder, String folder, String pattern) {
    try {
      Resource[] resources =
          new PathMatchingResourcePatternResolver()
              .getResources("classpath*:" + folder + "/" + pattern);
      Arrays.sort(resources, Comparator.comparing(Resource::getFilename));
      for (Resource resource : resources) {
        try (InputStream in = resource.getInputStream()) {
          builder.addInputStream(folder + "/" + resource.getFilename(), in);
        }
      }
      if (resources.length == 0) {
        throw new IllegalStateException("No " + folder + "/" + pattern + " on the classpath");
      }
      return resources.length;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
