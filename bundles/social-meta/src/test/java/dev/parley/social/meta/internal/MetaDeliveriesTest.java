package dev.parley.social.meta.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import dev.parley.social.api.DeliveryPart;
import dev.parley.social.api.MalformedEventException;
import dev.parley.social.api.ReceiveMode;
import dev.parley.social.api.SocialAccount;

class MetaDeliveriesTest {

    static final SocialAccount POSTED_TO = new SocialAccount("acme", "meta", "111", null, null, Optional.of("s"),
            Optional.of("v"), Optional.of("t"), ReceiveMode.WEBHOOK, null);

    static String messaging(String sender, String recipient, String mid, boolean echo) {
        return "{\"sender\":{\"id\":\"" + sender + "\"},\"recipient\":{\"id\":\"" + recipient + "\"},\"timestamp\":1,"
                + "\"message\":{" + (echo ? "\"is_echo\":true,\"app_id\":1517776481860111," : "") + "\"mid\":\"" + mid
                + "\",\"text\":\"hello\"}}";
    }

    static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private final MetaWebhookParser parser = new MetaWebhookParser();

    @Test
    void aDeliveryForOneAccountStaysAsItWasSigned() {
        byte[] body = bytes("{\"object\":\"page\",\"entry\":[{\"id\":\"222\",\"time\":1,\"messaging\":["
                + messaging("PSID", "222", "mid.1", false) + "]}]}");
        List<DeliveryPart> parts = MetaDeliveries.split(POSTED_TO, body);
        assertThat(parts).singleElement().satisfies(p -> {
            assertThat(p.accountId()).isEqualTo("222");
            assertThat(p.body()).isSameAs(body);
        });
    }

    @Test
    void entriesOfSeveralPagesBecomeOnePartEachInOrderWithEverythingTheyCarried() {
        byte[] body = bytes("{\"object\":\"page\",\"entry\":["
                + "{\"id\":\"222\",\"time\":1,\"messaging\":[" + messaging("PSID_A", "222", "mid.a", false) + "]},"
                + "{\"id\":\"333\",\"time\":2,\"changes\":[{\"field\":\"feed\",\"value\":{\"item\":\"comment\",\"verb\":\"add\","
                + "\"comment_id\":\"333_9_1\",\"post_id\":\"333_9\",\"from\":{\"id\":\"77\",\"name\":\"Ann\"},\"message\":\"lost\","
                + "\"created_time\":1700000000}}]},"
                + "{\"id\":\"222\",\"time\":3,\"messaging\":[" + messaging("PSID_B", "222", "mid.b", false) + "]}]}");
        List<DeliveryPart> parts = MetaDeliveries.split(POSTED_TO, body);
        assertThat(parts).extracting(DeliveryPart::accountId).containsExactly("222", "333");
        assertThat(parser.parse(POSTED_TO, parts.get(0).body())).extracting(m -> m.externalId())
                .containsExactly("mid.a", "mid.b");
        assertThat(parser.parse(POSTED_TO, parts.get(1).body())).extracting(m -> m.externalId())
                .containsExactly("333_9_1");
    }

    @Test
    void anEchoBelongsToItsSenderAndAStandbyMessageToItsRecipient() {
        byte[] body = bytes("{\"object\":\"page\",\"entry\":[{\"id\":\"222\",\"time\":1,\"messaging\":["
                + messaging("222", "PSID", "mid.own", true) + "," + messaging("444", "PSID", "mid.echo", true) + "],"
                + "\"standby\":[" + messaging("PSID", "555", "mid.standby", false) + "]}]}");
        List<DeliveryPart> parts = MetaDeliveries.split(POSTED_TO, body);
        assertThat(parts).extracting(DeliveryPart::accountId).containsExactly("222", "444", "555");
        assertThat(new String(parts.get(1).body(), StandardCharsets.UTF_8)).contains("mid.echo").doesNotContain("mid.own");
        assertThat(new String(parts.get(2).body(), StandardCharsets.UTF_8)).contains("\"standby\"")
                .contains("mid.standby").doesNotContain("mid.own");
        assertThat(new String(parts.get(0).body(), StandardCharsets.UTF_8)).contains("mid.own")
                .doesNotContain("mid.echo").doesNotContain("mid.standby");
    }

    @Test
    void whatIsNotAMetaBodyIsMalformed() {
        assertThatThrownBy(() -> MetaDeliveries.split(POSTED_TO, bytes("{\"object\":\"page\"}")))
                .isInstanceOf(MalformedEventException.class);
        assertThatThrownBy(() -> MetaDeliveries.split(POSTED_TO, bytes("[1]"))).isInstanceOf(MalformedEventException.class);
    }
}
