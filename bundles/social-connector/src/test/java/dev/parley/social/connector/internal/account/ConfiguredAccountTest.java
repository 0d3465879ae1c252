package dev.parley.social.connector.internal.account;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Proxy;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.parley.social.api.SocialAccount;

/** An incomplete account configuration is reported, never thrown: SCR would not retry a failed activation. */
class ConfiguredAccountTest {

    /** The configuration SCR would build from {@code properties}: annotation defaults for what is missing. */
    private static AccountConfig config(Map<String, Object> properties) {
        return (AccountConfig) Proxy.newProxyInstance(AccountConfig.class.getClassLoader(),
                new Class<?>[] {AccountConfig.class}, (proxy, method, args) -> properties.containsKey(method.getName())
                        ? properties.get(method.getName()) : method.getDefaultValue());
    }

    @Test
    void aConfigurationWithoutPlatformOrAccountIdBecomesAnAccountWithProblems() {
        SocialAccount account = ConfiguredAccount.from(config(Map.of()), "dev.parley.social.account~half-written");
        assertThat(account.name()).isEqualTo("half-written");
        assertThat(account.platform()).isEmpty();
        ConfiguredAccount configured = ConfiguredAccount.of(account, java.time.Duration.ofSeconds(60), null);
        assertThat(configured.problems()).contains("platform is missing (x, meta, whatsapp or another platform plugin's id)", "accountId is empty");
    }

    @Test
    void aCompleteConfigurationHasNoProblems() {
        SocialAccount account = ConfiguredAccount.from(config(Map.of("platform", " X ", "accountId", "4337869213",
                "consumerSecret", "s")), "dev.parley.social.account~acme");
        assertThat(account.platform()).isEqualTo("x");
        assertThat(ConfiguredAccount.of(account, java.time.Duration.ofSeconds(60), null).problems()).isEmpty();
    }
}
