package dev.parley.social.sandbox.internal.wire;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A {@code multipart/form-data} body as the platforms read an upload: its parts by name, each a
 * text value or a file with its file name, content type and bytes. Only what an upload needs
 * (RFC 7578); a body that is not well formed is empty.
 */
public final class Multipart {

    /** One part: {@code filename} present for a file. */
    public record Part(String name, Optional<String> filename, Optional<String> contentType, byte[] bytes) {

        public String text() {
            return new String(bytes, StandardCharsets.UTF_8);
        }
    }

    private static final Pattern BOUNDARY = Pattern.compile("boundary=\"?([^\";]+)\"?", Pattern.CASE_INSENSITIVE);
    private static final Pattern NAME = Pattern.compile("\\bname=\"([^\"]*)\"", Pattern.CASE_INSENSITIVE);
    private static final Pattern FILENAME = Pattern.compile("\\bfilename=\"([^\"]*)\"", Pattern.CASE_INSENSITIVE);

    private Multipart() {
    }

    public static boolean is(ApiRequest request) {
        return request.header("content-type").orElse("").toLowerCase(Locale.ROOT).startsWith("multipart/form-data");
    }

    public static List<Part> parse(ApiRequest request) {
        Matcher b = BOUNDARY.matcher(request.header("content-type").orElse(""));
        if (!b.find()) {
            return List.of();
        }
        byte[] body = request.body();
        byte[] delimiter = ("--" + b.group(1)).getBytes(StandardCharsets.ISO_8859_1);
        List<Part> parts = new ArrayList<>();
        int at = indexOf(body, delimiter, 0);
        while (at >= 0) {
            int start = at + delimiter.length;
            if (start + 1 < body.length && body[start] == '-' && body[start + 1] == '-') {
                break; // the closing delimiter
            }
            start = skipLine(body, start);
            int next = indexOf(body, delimiter, start);
            if (next < 0) {
                return List.of();
            }
            int end = next - 2; // the CRLF before the delimiter
            int headersEnd = indexOf(body, "\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1), start);
            if (headersEnd < 0 || headersEnd > end) {
                return List.of();
            }
            String headers = new String(body, start, headersEnd - start, StandardCharsets.UTF_8);
            Optional<String> name = find(NAME, headers);
            if (name.isPresent()) {
                Optional<String> type = headers.lines().filter(l -> l.toLowerCase(Locale.ROOT).startsWith("content-type:"))
                        .map(l -> l.substring(l.indexOf(':') + 1).strip()).findFirst();
                byte[] bytes = java.util.Arrays.copyOfRange(body, headersEnd + 4, Math.max(headersEnd + 4, end));
                parts.add(new Part(name.get(), find(FILENAME, headers), type, bytes));
            }
            at = next;
        }
        return parts;
    }

    public static Optional<Part> part(List<Part> parts, String name) {
        return parts.stream().filter(p -> p.name().equals(name)).findFirst();
    }

    private static Optional<String> find(Pattern pattern, String headers) {
        Matcher m = pattern.matcher(headers);
        return m.find() ? Optional.of(m.group(1)) : Optional.empty();
    }

    private static int skipLine(byte[] body, int from) {
        for (int i = from; i + 1 < body.length; i++) {
            if (body[i] == '\r' && body[i + 1] == '\n') {
                return i + 2;
            }
        }
        return body.length;
    }

    private static int indexOf(byte[] data, byte[] pattern, int from) {
        outer:
        for (int i = Math.max(0, from); i <= data.length - pattern.length; i++) {
            for (int j = 0; j < pattern.length; j++) {
                if (data[i + j] != pattern[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
