package org.example.stwd.engine;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The engine tuning for 10,000 units ({@code stwd.engine-tuning.*}): each piece works around a cost
 * of the stock engine, is switched on by default and can be switched off alone, or all together
 * with {@code enabled: false}. With every piece off the product runs on the stock engine and passes
 * the same tests ({@code StockEngineAuthorizationTest}, {@code StockEngineLifecycleTest}). The
 * product's rules on the engine (EngineDoorGuard, CommandErrorInterceptor, LongTextColumns) are not
 * tuning and are always on.
 *
 * @param enabled all of the pieces below; false switches every one off
 * @param ownGroupsAuthorization permission checks evaluated in Java over the caller's own groups
 *     (OwnGroupsAuthorizationManager; ADR 0006, 0007)
 * @param lazyIdMessages an inserted row's id checked before its error message is built
 *     (LazyMessageDbEntityManager; ADR 0007)
 * @param indexes the indexes the engine's schema lacks for thousands of units (EngineIndexes; ADR
 *     0006, 0007)
 * @param serviceProviderPins Jakarta Mail's and the DatatypeFactory's implementations named instead
 *     of looked up per call (ServiceProviderPins; ADR 0007)
 * @param restEngineLookup the engine's REST resources find this engine without reading the provider
 *     file per request (EngineLookupClassLoader; ADR 0008)
 * @param rememberedLogins a verified HTTP Basic login checked in one command and remembered for
 *     {@code stwd.login-cache-ttl} (BasicLogins; ADR 0008)
 */
@ConfigurationProperties("stwd.engine-tuning")
public record EngineTuning(
    @DefaultValue("true") boolean enabled,
    @DefaultValue("true") boolean ownGroupsAuthorization,
    @DefaultValue("true") boolean lazyIdMessages,
    @DefaultValue("true") boolean indexes,
    @DefaultValue("true") boolean serviceProviderPins,
    @DefaultValue("true") boolean restEngineLookup,
    @DefaultValue("true") boolean rememberedLogins) {

  public boolean ownGroupsAuthorizationOn() {
    return enabled && ownGroupsAuthorization;
  }

  public boolean lazyIdMessagesOn() {
    return enabled && lazyIdMessages;
  }

  public boolean indexesOn() {
    return enabled && indexes;
  }

  public boolean restEngineLookupOn() {
    return enabled && restEngineLookup;
  }

  public boolean rememberedLoginsOn() {
    return enabled && rememberedLogins;
  }
}
