package org.example.stwd;

import org.springframework.test.context.TestPropertySource;

/**
 * {@link CampaignLifecycle2023Test} on the stock engine (every piece of the engine tuning off), as
 * {@link StockEngineAuthorizationTest}.
 */
@TestPropertySource(
    properties = {
      "stwd.engine-tuning.enabled=false",
      "spring.datasource.url=jdbc:h2:mem:stwd-stock;DB_CLOSE_DELAY=-1"
    })
class StockEngineLifecycleTest extends CampaignLifecycle2023Test {}
