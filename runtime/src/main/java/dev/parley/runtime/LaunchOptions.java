package dev.parley.runtime;

import java.nio.file.Path;

/** What the command line asked for: {@code [--home DIR] [--port N] [--help]}. */
record LaunchOptions(Path home, int port, boolean help) {

    static final String USAGE = String.join(System.lineSeparator(),
            "Usage: java -jar parley.jar [--home DIR] [--port N]",
            "  --home DIR   where Parley keeps etc/, deploy/, data/ and log/ (default ./parley-home, created if missing)",
            "  --port N     HTTP port for the API, webhooks and widgets (default 8080)",
            "  --help       print this help");

    /** Thrown for a command line that cannot be understood; its message says what to change. */
    static final class UsageException extends Exception {
        private static final long serialVersionUID = 1L;

        UsageException(String message) {
            super(message);
        }
    }

    static LaunchOptions parse(String... args) throws UsageException {
        Path home = Path.of("parley-home");
        int port = 8080;
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
                case "--home" -> {
                    String value = inline != null ? inline : valueAfter(args, i++, "--home");
                    if (value.isBlank()) {
                        throw new UsageException("--home needs a folder");
                    }
                    home = Path.of(value);
                }
                case "--port" -> port = port(inline != null ? inline : valueAfter(args, i++, "--port"));
                default -> throw new UsageException("unknown option '" + args[i] + "'");
            }
        }
        return new LaunchOptions(home.toAbsolutePath().normalize(), port, help);
    }

    private static String valueAfter(String[] args, int index, String option) throws UsageException {
        if (index + 1 >= args.length) {
            throw new UsageException(option + " needs a value");
        }
        return args[index + 1];
    }

    private static int port(String value) throws UsageException {
        try {
            int port = Integer.parseInt(value.strip());
            if (port < 1 || port > 65535) {
                throw new UsageException("--port must be between 1 and 65535, not " + port);
            }
            return port;
        } catch (NumberFormatException e) {
            throw new UsageException("--port must be a number, not '" + value + "'");
        }
    }
}
