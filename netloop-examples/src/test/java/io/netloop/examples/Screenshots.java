package io.netloop.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.AWTException;
import java.awt.Component;
import java.awt.Container;
import java.awt.GraphicsEnvironment;
import java.awt.Point;
import java.awt.Rectangle;
import java.awt.Robot;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.InvocationTargetException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;
import javax.imageio.ImageIO;
import javax.swing.AbstractButton;
import javax.swing.SwingUtilities;
import org.junit.jupiter.api.Assumptions;

/**
 * Takes a screenshot of a game's window on the real display (Xvfb under {@code .ci/run}), saves it
 * under {@code target/screenshots/} and fails if the picture is blank.
 */
public final class Screenshots {
    /** Where the pictures go, relative to the module. */
    public static final Path DIRECTORY = Path.of("target", "screenshots");

    private Screenshots() {}

    /** Skips the calling test, with the reason, when there is no display to open a window on. */
    public static void assumeDisplay() {
        Assumptions.assumeFalse(
                GraphicsEnvironment.isHeadless(), "no display: run under Xvfb, e.g. .ci/run starts one");
    }

    /**
     * Captures what the screen shows where {@code component} is, saves it as {@code name.png} and
     * checks that it is a picture rather than one flat colour.
     *
     * @param component a component showing on the screen
     * @param name the file name without {@code .png}
     * @return the picture
     */
    public static BufferedImage capture(Component component, String name) {
        Rectangle bounds = onEdt(() -> {
            Point at = component.getLocationOnScreen();
            return new Rectangle(at.x, at.y, component.getWidth(), component.getHeight());
        });
        assertThat(bounds.width * bounds.height).as("the window's size").isPositive();
        BufferedImage image;
        try {
            image = new Robot().createScreenCapture(bounds);
        } catch (AWTException e) {
            throw new IllegalStateException("cannot read the screen: " + e.getMessage(), e);
        }
        try {
            Files.createDirectories(DIRECTORY);
            ImageIO.write(image, "png", DIRECTORY.resolve(name + ".png").toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        assertNotBlank(image, name);
        return image;
    }

    /**
     * Fails unless the picture has at least 8 colours and no colour covers more than 97% of it.
     *
     * @param image the picture
     * @param name what it shows, for the message
     */
    public static void assertNotBlank(BufferedImage image, String name) {
        Map<Integer, Integer> counts = new HashMap<>();
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                counts.merge(image.getRGB(x, y) & 0xFFFFFF, 1, Integer::sum);
            }
        }
        int most = counts.values().stream().mapToInt(Integer::intValue).max().orElse(0);
        double pixels = (double) image.getWidth() * image.getHeight();
        assertThat(counts.size()).as(name + ": colours in the picture").isGreaterThanOrEqualTo(8);
        assertThat(most / pixels).as(name + ": share of the commonest colour").isLessThan(0.97);
    }

    /**
     * Runs {@code task} on the event dispatch thread and returns its result.
     *
     * @param task what to run
     * @param <T> the result's type
     * @return what it returned
     */
    public static <T> T onEdt(java.util.function.Supplier<T> task) {
        AtomicReference<T> result = new AtomicReference<>();
        try {
            SwingUtilities.invokeAndWait(() -> result.set(task.get()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (InvocationTargetException e) {
            throw new IllegalStateException(e.getCause());
        }
        return result.get();
    }

    /**
     * The first component of a type inside a container, depth first.
     *
     * @param in where to look
     * @param type what to look for
     * @param <T> its type
     * @return the component, or null
     */
    public static <T extends Component> T find(Container in, Class<T> type) {
        return find(in, type, c -> true);
    }

    /**
     * The button with a text inside a container.
     *
     * @param in where to look
     * @param text the button's text
     * @return the button, or null
     */
    public static AbstractButton button(Container in, String text) {
        return find(in, AbstractButton.class, b -> text.equals(b.getText()));
    }

    private static <T extends Component> T find(Container in, Class<T> type, Predicate<T> which) {
        for (Component c : in.getComponents()) {
            if (type.isInstance(c) && which.test(type.cast(c))) {
                return type.cast(c);
            }
            if (c instanceof Container inner) {
                T found = find(inner, type, which);
                if (found != null) {
                    return found;
                }
            }
        }
        return null;
    }
}
