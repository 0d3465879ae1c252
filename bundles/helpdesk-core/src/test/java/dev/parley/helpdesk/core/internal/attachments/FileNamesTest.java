package dev.parley.helpdesk.core.internal.attachments;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class FileNamesTest {

    @Test
    void onlyTheLastPathSegmentIsKept() {
        assertThat(FileNames.sanitize("../../etc/passwd")).isEqualTo("passwd");
        assertThat(FileNames.sanitize("..\\..\\windows\\win.ini")).isEqualTo("win.ini");
        assertThat(FileNames.sanitize("C:\\Users\\ann\\report.pdf")).isEqualTo("report.pdf");
        assertThat(FileNames.sanitize("..")).isEqualTo("file");
        assertThat(FileNames.sanitize("../")).isEqualTo("file");
        assertThat(FileNames.sanitize(".htaccess")).isEqualTo("htaccess");
        assertThat(FileNames.sanitize("")).isEqualTo("file");
        assertThat(FileNames.sanitize(null)).isEqualTo("file");
    }

    @Test
    void noControlCharactersQuotesOrDirectionOverrides() {
        assertThat(FileNames.sanitize("a\r\nContent-Type: text.txt")).isEqualTo("aContent-Type text.txt");
        assertThat(FileNames.sanitize("say \"hi\".txt")).isEqualTo("say hi.txt");
        assertThat(FileNames.sanitize("invoice\u202Egpj.exe")).isEqualTo("invoicegpj.exe");
        assertThat(FileNames.sanitize("nul\u0000.png")).isEqualTo("nul.png");
        assertThat(FileNames.sanitize("Übersicht März.pdf")).isEqualTo("Übersicht März.pdf");
    }

    @Test
    void aLongNameKeepsItsExtension() {
        String name = FileNames.sanitize("x".repeat(500) + ".jpeg");
        assertThat(name).hasSize(FileNames.MAX_LENGTH).endsWith("x.jpeg");
    }

    @Test
    void theDispositionHasAnAsciiNameAndTheExactOneEncoded() {
        assertThat(FileNames.disposition("attachment", "März \"1\".pdf"))
                .isEqualTo("attachment; filename=\"M_rz 1.pdf\"; filename*=UTF-8''M%C3%A4rz%201.pdf");
        assertThat(FileNames.disposition("inline", "a\r\nSet-Cookie: x=1"))
                .doesNotContain("\r", "\n").startsWith("inline; filename=\"aSet-Cookie x=1\"");
    }
}
