package dev.parley.helpdesk.core.internal.attachments;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Optional;

import org.junit.jupiter.api.Test;

class MediaSnifferTest {

    private static final byte[] PNG = {(byte) 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 0x0D};
    private static final byte[] JPEG = {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, (byte) 0xE0, 0, 0x10, 'J', 'F', 'I', 'F'};

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    @Test
    void theBytesDecideNotTheLabel() {
        assertThat(MediaSniffer.mediaType(PNG, Optional.of("image/png"))).isEqualTo("image/png");
        assertThat(MediaSniffer.mediaType(JPEG, Optional.of("image/png"))).isEqualTo("image/jpeg");
        assertThat(MediaSniffer.mediaType(PNG, Optional.empty())).isEqualTo("image/png");
        assertThat(MediaSniffer.mediaType(ascii("%PDF-1.7\n"), Optional.of("image/jpeg"))).isEqualTo("application/pdf");
    }

    @Test
    void htmlCalledAPictureIsNotAPicture() {
        byte[] html = ascii("<html><script>alert(1)</script></html>");
        assertThat(MediaSniffer.mediaType(html, Optional.of("image/png"))).isEqualTo("application/octet-stream");
        assertThat(MediaSniffer.mediaType(html, Optional.of("text/html; charset=utf-8")))
                .isEqualTo("application/octet-stream");
    }

    @Test
    void aPlatformWordIsNeverAType() {
        assertThat(MediaSniffer.mediaType(ascii("hello"), Optional.of("image"))).isEqualTo("application/octet-stream");
    }

    @Test
    void textTypesWithoutMagicAreTakenOnlyForText() {
        assertThat(MediaSniffer.mediaType(ascii("a,b\n1,2\n"), Optional.of("text/csv; charset=utf-8")))
                .isEqualTo("text/csv");
        assertThat(MediaSniffer.mediaType(new byte[] {1, 2, 3, 0}, Optional.of("text/plain")))
                .isEqualTo("application/octet-stream");
    }

    @Test
    void recognizesCommonMedia() {
        assertThat(MediaSniffer.mediaType(ascii("GIF89a...."), Optional.empty())).isEqualTo("image/gif");
        assertThat(MediaSniffer.mediaType(ascii("RIFF\0\0\0\0WEBPVP8 "), Optional.empty())).isEqualTo("image/webp");
        assertThat(MediaSniffer.mediaType(ascii("\0\0\0\u0018ftypmp42"), Optional.empty())).isEqualTo("video/mp4");
        assertThat(MediaSniffer.mediaType(ascii("\0\0\0\u0018ftypM4A "), Optional.empty())).isEqualTo("audio/mp4");
        assertThat(MediaSniffer.mediaType(ascii("OggS\0"), Optional.empty())).isEqualTo("audio/ogg");
        assertThat(MediaSniffer.mediaType(ascii("ID3\u0004"), Optional.empty())).isEqualTo("audio/mpeg");
    }

    @Test
    void onlyRasterImagesAreShownInline() {
        assertThat(MediaSniffer.inline("image/png")).isTrue();
        assertThat(MediaSniffer.inline("image/svg+xml")).isFalse();
        assertThat(MediaSniffer.inline("application/pdf")).isFalse();
    }
}
