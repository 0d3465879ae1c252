package dev.parley.helpdesk.core.internal.rest;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class AttachmentUrlsTest {

    @ParameterizedTest
    @ValueSource(strings = {"javascript:alert(1)", "file:///etc/passwd", "data:text/html,x", "ftp://example.com/a",
            "http://169.254.169.254/latest/meta-data/", "http://localhost/", "http://LOCALHOST./", "http://127.0.0.1/",
            "http://127.1/", "http://0177.0.0.1/", "http://2130706433/", "http://0x7f000001/", "http://0x7f.0.0.1/",
            "http://10.0.0.1/", "http://172.16.5.4/", "http://192.168.1.1/", "http://100.64.0.1/", "http://0.0.0.0/",
            "http://[::1]/", "http://[::]/", "http://[fe80::1]/", "http://[fd00::1]/", "http://[::ffff:169.254.169.254]/",
            "http://[::ffff:7f00:1]/", "http://metadata/", "http://printer.local/", "http://db.internal/",
            "https://user:pw@example.com/", "http:///nohost", "not a url"})
    void refused(String url) {
        assertThat(AttachmentUrls.refusal(url)).as(url).isPresent();
    }

    @ParameterizedTest
    @ValueSource(strings = {"https://cdn.example.com/a.png", "http://example.org/x?y=1", "https://93.184.216.34/a",
            "https://[2606:4700::1111]/a", "HTTPS://Example.COM/A"})
    void accepted(String url) {
        assertThat(AttachmentUrls.refusal(url)).as(url).isEmpty();
    }
}
