package dev.parley.social.inbox.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import dev.parley.helpdesk.api.Attachment;
import dev.parley.helpdesk.api.AttachmentState;
import dev.parley.social.api.MediaAttachment;

class InboundAttachmentsTest {

    @Test
    void aPlatformWordIsNeverKeptAsAMimeType() {
        for (String word : new String[] {"image", "photo", "video", "animated_gif", "sticker", "file", "story", ""}) {
            assertThat(InboundAttachments.mediaType(word)).as(word).isEqualTo("application/octet-stream");
        }
        assertThat(InboundAttachments.mediaType("video/mp4")).isEqualTo("video/mp4");
        assertThat(InboundAttachments.mediaType("Image/JPEG; charset=binary")).isEqualTo("image/jpeg");
    }

    @Test
    void everyAttachmentWaitsForItsDownloadWithItsSource() {
        List<Attachment> kept = InboundAttachments.of(List.of(new MediaAttachment("image",
                "https://scontent.xx.fbcdn.net/v/a.jpg")));
        assertThat(kept).singleElement().satisfies(a -> {
            assertThat(a.state()).contains(AttachmentState.PENDING);
            assertThat(a.sourceUrl()).contains("https://scontent.xx.fbcdn.net/v/a.jpg");
            assertThat(a.mediaType()).isEqualTo(Attachment.UNKNOWN_MEDIA_TYPE);
            assertThat(a.id()).isEqualTo(Optional.empty());
        });
    }
}
