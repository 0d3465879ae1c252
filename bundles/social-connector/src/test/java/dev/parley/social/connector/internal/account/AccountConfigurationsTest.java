package dev.parley.social.connector.internal.account;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Hashtable;

import org.junit.jupiter.api.Test;

/** Accounts arrive as ConfigAdmin factory configurations: added, replaced and removed by PID. */
class AccountConfigurationsTest {

    @Test
    void configurationsAddReplaceAndRemoveAccounts() {
        AccountDirectory directory = new AccountDirectory();
        AccountConfigurations configurations = new AccountConfigurations(directory);
        Hashtable<String, Object> properties = new Hashtable<>();
        properties.put("platform", "x");
        properties.put("accountId", "4337869213");
        properties.put("consumerSecret", "s3cret");
        properties.put("pollIntervalSeconds", "90"); // FileInstall hands .cfg values over as strings
        configurations.updated("dev.parley.social.account~acme", properties);
        ConfiguredAccount acme = directory.account("acme").orElseThrow();
        assertThat(acme.account().consumerSecret()).contains("s3cret");
        assertThat(acme.pollInterval().toSeconds()).isEqualTo(90);
        assertThat(acme.problems()).isEmpty();

        properties.put("name", "acme-renamed");
        configurations.updated("dev.parley.social.account~acme", properties);
        assertThat(directory.account("acme")).isEmpty();
        assertThat(directory.account("acme-renamed")).isPresent();

        configurations.deleted("dev.parley.social.account~acme");
        assertThat(directory.accounts()).isEmpty();
    }

    @Test
    void aConfigurationThatCannotBecomeAnAccountIsReportedNotThrownAtConfigAdmin() {
        AccountDirectory directory = new AccountDirectory();
        AccountConfigurations configurations = new AccountConfigurations(directory);
        Hashtable<String, Object> properties = new Hashtable<>();
        properties.put("platform", "x");
        properties.put("accountId", "1");
        properties.put("linkedAccountIds", new Object() {
            @Override
            public String toString() {
                throw new IllegalStateException("unreadable");
            }
        });
        configurations.updated("dev.parley.social.account~odd", properties);
        assertThat(directory.accounts()).isEmpty();
    }

    @Test
    void missingOrUnreadableSettingsTakeTheDefaultsAndNeverShowSecrets() {
        Hashtable<String, Object> properties = new Hashtable<>();
        properties.put("pollIntervalSeconds", "often");
        properties.put("accessToken", "t0ken");
        AccountConfig config = AccountConfigurations.settings(properties);
        assertThat(config.pollIntervalSeconds()).isEqualTo(60);
        assertThat(config.mode()).isEmpty();
        assertThat(config.accessToken()).isEqualTo("t0ken");
        assertThat(config.toString()).doesNotContain("t0ken");
    }

    @Test
    void mediaHostsAreReadAsAListInEachFormConfigurationsUse() {
        Hashtable<String, Object> properties = new Hashtable<>();
        assertThat(AccountConfigurations.settings(properties).mediaHosts()).isEmpty();
        properties.put("mediaHosts", "cdn.example.com, media.example.net");
        assertThat(AccountConfigurations.settings(properties).mediaHosts())
                .containsExactly("cdn.example.com", "media.example.net");
        properties.put("mediaHosts", new String[] { "a.example", "b.example" });
        assertThat(AccountConfigurations.settings(properties).mediaHosts()).containsExactly("a.example", "b.example");
        properties.put("mediaHosts", java.util.List.of("c.example"));
        assertThat(AccountConfigurations.settings(properties).mediaHosts()).containsExactly("c.example");
    }

    @Test
    void aTelegramBotPollsByDefaultWithItsBotTokenAndSecretToken() {
        AccountDirectory directory = new AccountDirectory();
        AccountConfigurations configurations = new AccountConfigurations(directory);
        Hashtable<String, Object> properties = new Hashtable<>();
        properties.put("platform", "telegram");
        properties.put("accountId", "7000000001");
        properties.put("handle", "acme_bot");
        properties.put("botToken", "7000000001:AAH-secret");
        configurations.updated("dev.parley.social.account~tg", properties);
        ConfiguredAccount polled = directory.account("tg").orElseThrow();
        assertThat(polled.account().mode()).isEqualTo(dev.parley.social.api.ReceiveMode.POLL);
        assertThat(polled.account().accessToken()).contains("7000000001:AAH-secret");
        assertThat(polled.problems()).isEmpty();
        assertThat(polled.account().toString()).doesNotContain("AAH");

        properties.put("mode", "webhook");
        configurations.updated("dev.parley.social.account~tg", properties);
        assertThat(directory.account("tg").orElseThrow().problems()).singleElement().asString()
                .contains("secretToken is required");
        properties.put("secretToken", "s3cret-token");
        configurations.updated("dev.parley.social.account~tg", properties);
        ConfiguredAccount hooked = directory.account("tg").orElseThrow();
        assertThat(hooked.account().mode()).isEqualTo(dev.parley.social.api.ReceiveMode.WEBHOOK);
        assertThat(hooked.account().verifyToken()).contains("s3cret-token");
        assertThat(hooked.problems()).isEmpty();

        properties.put("accountId", "7000000002");
        configurations.updated("dev.parley.social.account~tg", properties);
        assertThat(directory.account("tg").orElseThrow().problems()).singleElement().asString()
                .contains("accountId must be the bot's id");
        properties.remove("botToken");
        configurations.updated("dev.parley.social.account~tg", properties);
        assertThat(directory.account("tg").orElseThrow().problems()).singleElement().asString()
                .contains("botToken is required");
    }
}
