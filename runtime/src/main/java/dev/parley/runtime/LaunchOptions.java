package dev.parley.runtime;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Duration;

/**
 * What the command line asked for: {@code [--home DIR] [--port N] [--bind ADDR] [--sandbox | --sandbox-with-real-accounts]
 * [--ready-timeout S] [--log-max-mb N] [--log-files N] [--help]}.
 */
record LaunchOptions(Path home, int port, String bind, boolean sandbox, boolean sandboxWithRealAccounts,
        Duration readyTimeout, LogLimits log, boolean help) {

    static final String DEFAULT_BIND = "127.0.0.1";
    static final Duration DEFAULT_READY_TIMEOUT = Duration.ofSeconds(20);

    static final String USAGE = String.join(System.lineSeparator(),
            "Usage: java -jar parley.jar [--home DIR] [--port N] [--bind ADDR] [--sandbox] [options]",
            "  --home DIR          where Parley keeps etc/, deploy/, data/ and log/ (default ./parley-home, created if missing)",
            "  --port N            HTTP port for the API, webhooks and widgets (default 8080)",
            "  --bind ADDR         the address the HTTP server listens on (default 127.0.0.1: this machine only;",
            "                      0.0.0.0 for every interface, e.g. behind a reverse proxy on another host)",
            "  --sandbox           start the platform simulator (X, Meta, WhatsApp, Telegram) at /sandbox/ and its",
            "                      demo accounts (no credentials: for trying Parley out, never on a public address);",
            "                      refused while etc/ holds a real account, unless given as --sandbox-with-real-accounts",
            "  --ready-timeout S   give up, stop and exit 1 when not ready S seconds after every bundle started (default 20)",
            "  --log-max-mb N      roll log/parley.log when it reaches N MiB (default 10)",
            "  --log-files N       keep N rolled files, parley.log.1 .. parley.log.N (default 10)",
            "  --help              print this help");

    /** Thrown for a command line that cannot be understood; its message says what to change. */
    static final class UsageException extends Exception {
        private static final long serialVersionUID = 1L;

        UsageException(String message) {
            super(message);
        }
    }

    /** The options with every default: what {@code java -jar parley.jar} alone means. */
    static LaunchOptions defaults(Path home, int port) {
        return new LaunchOptions(home, port, DEFAULT_BIND, false, false, DEFAULT_READY_TIMEOUT, LogLimits.DEFAULT, false);
    }

    static LaunchOptions parse(String... args) throws UsageException {
        Path home = Path.of("parley-home");
        int port = 8080;
        String bind = DEFAULT_BIND;
        boolean sandbox = false;
        boolean sandboxWithRealAccounts = false;
        Duration readyTimeout = DEFAULT_READY_TIMEOUT;
        long logMaxBytes = LogLimits.DEFAULT.maxBytes();
        int logFiles = LogLimits.DEFAULT.files();
        boolean help = false;
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            String inline = null;
            int eq = arg.indexOf('=');
            if (arg.startsWith("--") && eq > 0) {
                inline = arg.substring(eq + 1);
                arg = arg.substring(0, eq);
            }
            switch (arg) {
                case "--help", "-h" -> help = true;
                case "--sandbox" -> sandbox = true;
                case "--sandbox-with-real-accounts" -> {
                    sandbox = true;
                    sandboxWithRealAccounts = true;
                }
                case "--home" -> {
                    String value = inline != null ? inline : valueAfter(args, i++, "--home");
                    if (value.isBlank()) {
                        throw new UsageException("--home needs a folder");
                    }
                    home = Path.of(value);
                }
                case "--port" -> port = (int) number("--port", inline != null ? inline : valueAfter(args, i++, "--port"), 1, 65535);
                case "--bind" -> bind = address(inline != null ? inline : valueAfter(args, i++, "--bind"));
                case "--ready-timeout" -> readyTimeout = Duration.ofSeconds(number("--ready-timeout",
                        inline != null ? inline : valueAfter(args, i++, "--ready-timeout"), 1, 3600));
                case "--log-max-mb" -> logMaxBytes = number("--log-max-mb",
                        inline != null ? inline : valueAfter(args, i++, "--log-max-mb"), 1, 100_000) * 1024 * 1024;
                case "--log-files" -> logFiles = (int) number("--log-files",
                        inline != null ? inline : valueAfter(args, i++, "--log-files"), 1, 1000);
                default -> throw new UsageException("unknown option '" + args[i] + "'");
            }
        }
        return new LaunchOptions(home.toAbsolutePath().normalize(), port, bind, sandbox, sandboxWithRealAccounts, readyTimeout,
                new LogLimits(logMaxBytes, logFiles, LogLimits.DEFAULT.repeatsPerSecond()), help);
    }

    /** Whether the server listens on every interface rather than one address. */
    boolean bindsEveryInterface() {
        return bind.equals("0.0.0.0") || bind.equals("::");
    }

    /** The address the launcher's own readiness probe calls: the bound one, or loopback when bound to all. */
    String probeHost() {
        if (bindsEveryInterface()) {
            return "127.0.0.1";
        }
        return bind.contains(":") ? "[" + bind + "]" : bind;
    }

    private static String valueAfter(String[] args, int index, String option) throws UsageException {
        if (index + 1 >= args.length) {
            throw new UsageException(option + " needs a value");
        }
        return args[index + 1];
    }

    private static long number(String option, String value, long min, long max) throws UsageException {
        try {
            long n = Long.parseLong(value.strip());
            if (n < min || n > max) {
                throw new UsageException(option + " must be between " + min + " and " + max + ", not " + n);
            }
            return n;
        } catch (NumberFormatException e) {
            throw new UsageException(option + " must be a number, not '" + value + "'");
        }
    }

    /** Only literal IP addresses: a host name would be resolved once, here, and could mean another interface later. */
    private static String address(String value) throws UsageException {
        String v = value.strip();
        UsageException bad = new UsageException("--bind needs an IP address such as 127.0.0.1 or 0.0.0.0, not '" + value + "'");
        if (v.matches("\\d{1,3}(\\.\\d{1,3}){3}")) {
            for (String octet : v.split("\\.")) {
                if (Integer.parseInt(octet) > 255) {
                    throw bad;
                }
            }
            return v;
        }
        if (!v.contains(":") || !v.matches("[0-9A-Fa-f:.]+")) {
            throw bad;
        }
        try {
            // a literal with ':' is parsed, never looked up
            return InetAddress.getByName(v).isAnyLocalAddress() ? "::" : v;
        } catch (UnknownHostException e) {
            throw bad;
        }
    }
}
