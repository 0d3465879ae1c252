package dev.parley.social.connector.internal.outbound;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import dev.parley.helpdesk.api.Attachment;
import dev.parley.helpdesk.api.AttachmentState;
import dev.parley.helpdesk.api.PolicyViolationException;
import dev.parley.helpdesk.api.Visibility;
import dev.parley.social.api.MediaLimit;

class PlatformLimitsTest {

    private static final List<MediaLimit> WHATSAPP = List.of(new MediaLimit("image/png", 5L << 20, "image"),
            new MediaLimit("application/pdf", 100L << 20, "document"));

    private static Attachment stored(String type, long size) {
        return new Attachment(type, "/api/attachments/9", Optional.empty(), Optional.of(size), Optional.of(9L),
                Optional.of(AttachmentState.STORED), Optional.empty(), Optional.of(size), Optional.of("ab"),
                Optional.empty());
    }

    @Test
    void thePlatformsOwnLimitsDecideTypeAndSize() {
        assertThatCode(() -> PlatformLimits.checkAttachments("whatsapp", Visibility.PRIVATE,
                List.of(stored("image/png", 5L << 20)), WHATSAPP)).doesNotThrowAnyException();
        assertThatThrownBy(() -> PlatformLimits.checkAttachments("whatsapp", Visibility.PRIVATE,
                List.of(stored("image/png", (5L << 20) + 1)), WHATSAPP))
                .isInstanceOf(PolicyViolationException.class).hasMessageContaining("image of at most 5 MB");
        assertThatThrownBy(() -> PlatformLimits.checkAttachments("whatsapp", Visibility.PRIVATE,
                List.of(Attachment.of("application/zip", "https://example.com/a.zip")), WHATSAPP))
                .hasMessageContaining("does not accept attachments of type application/zip");
    }

    @Test
    void aStoredFileIsRefusedWhereThePlatformSendsLinksOnly() {
        assertThatThrownBy(() -> PlatformLimits.checkAttachments("messenger", Visibility.PRIVATE,
                List.of(stored("image/png", 1000)), List.of()))
                .isInstanceOf(PolicyViolationException.class).hasMessageContaining("public link");
        assertThatCode(() -> PlatformLimits.checkAttachments("messenger", Visibility.PRIVATE,
                List.of(Attachment.of("image/png", "https://example.com/a.png")), List.of())).doesNotThrowAnyException();
    }
}
