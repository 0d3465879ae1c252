package dev.parley.social.sandbox.internal.customer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

import dev.parley.social.sandbox.internal.wire.Platform;

class CustomerPostTest {

    static CustomerPost post(String platform, String kind, String text) {
        return new CustomerPost(platform, null, kind, null, null, null, null, null, text, null, null);
    }

    @Test
    void defaultsFillTheAuthor() {
        CustomerPost.Validated valid = post("X", "mention", "hi").validate();
        assertThat(valid.platform()).isEqualTo(Platform.X);
        assertThat(valid.kind()).isEqualTo(CustomerPost.Kind.MENTION);
        assertThat(valid.authorHandle()).isEqualTo("sandbox_customer");
        assertThat(valid.followers()).isEqualTo(42);
    }

    @Test
    void eachBadFieldIsNamed() {
        assertField(post("myspace", "dm", "hi"), "platform");
        assertField(post("x", "comment", "hi"), "kind");
        assertField(post("meta", "mention", "hi"), "kind");
        assertField(post("x", "dm", " "), "text");
        assertField(new CustomerPost("x", null, "dm", "abc", null, null, null, null, "hi", null, null), "authorId");
        assertField(new CustomerPost("x", null, "dm", null, "no spaces!", null, null, null, "hi", null, null),
                "authorHandle");
        assertField(new CustomerPost("x", null, "dm", null, null, null, -1, null, "hi", null, null), "followers");
    }

    private static void assertField(CustomerPost post, String field) {
        assertThatThrownBy(post::validate).isInstanceOfSatisfying(InvalidFieldException.class,
                e -> assertThat(e.field()).isEqualTo(field));
    }
}
