package io.netloop.examples;

import java.util.List;
import java.util.function.Consumer;

/**
 * The command line of an example game: a mode, positional arguments and {@code --name value}
 * options. A missing or malformed argument throws {@link IllegalArgumentException} naming it, and
 * {@link #run} turns that into the usage line and exit code 2.
 */
public final class Args {
    private final List<String> args;

    /**
     * Wraps the arguments of {@code main}.
     *
     * @param args the arguments
     */
    public Args(String... args) {
        this.args = List.of(args);
    }

    /**
     * Runs {@code body}, or prints what was wrong and the usage and exits with 2.
     *
     * @param args the arguments of {@code main}
     * @param usage one line listing the modes
     * @param body what to do with them
     */
    public static void run(String[] args, String usage, Consumer<Args> body) {
        try {
            body.accept(new Args(args));
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage() + "\nusage: " + usage);
            System.exit(2);
        }
    }

    /**
     * The first argument.
     *
     * @return the mode, or an empty string
     */
    public String mode() {
        return args.isEmpty() ? "" : args.get(0);
    }

    /**
     * A positional argument.
     *
     * @param index from 1, after the mode
     * @param what what it is, for the message when it is missing
     * @return the argument
     * @throws IllegalArgumentException if it is missing
     */
    public String get(int index, String what) {
        if (index >= args.size()) {
            throw new IllegalArgumentException("missing " + what);
        }
        return args.get(index);
    }

    /**
     * An optional positional argument.
     *
     * @param index from 1, after the mode
     * @param otherwise what to return when it is missing
     * @return the argument or {@code otherwise}
     */
    public String getOr(int index, String otherwise) {
        return index < args.size() ? args.get(index) : otherwise;
    }

    /**
     * A positional argument that is a whole number.
     *
     * @param index from 1, after the mode
     * @param what what it is
     * @return the number
     * @throws IllegalArgumentException if it is missing or not a number
     */
    public int number(int index, String what) {
        return parse(get(index, what), what);
    }

    /**
     * An option such as {@code --port 7777}.
     *
     * @param name e.g. {@code --port}
     * @param otherwise its value when it is not given
     * @return the value
     * @throws IllegalArgumentException if its value is missing or not a number
     */
    public int option(String name, int otherwise) {
        int at = args.indexOf(name);
        return at < 0 ? otherwise : parse(get(at + 1, name + "'s value"), name);
    }

    /**
     * The name of the person at this machine, for a player's default name.
     *
     * @return the user's name, at most 32 characters
     */
    public static String userName() {
        String name = System.getProperty("user.name", "player");
        return name.isBlank() ? "player" : name.substring(0, Math.min(32, name.length()));
    }

    private static int parse(String text, String what) {
        try {
            return Integer.parseInt(text);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(what + ": '" + text + "' is not a whole number");
        }
    }
}
