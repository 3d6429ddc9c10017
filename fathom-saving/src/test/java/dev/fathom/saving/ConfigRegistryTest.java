package dev.fathom.saving;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ConfigRegistryTest {
    /** Where the trap classes below write when their static initializer runs. */
    static final Path TRAPS;

    static {
        try {
            TRAPS = Files.createTempDirectory("fathom-config-registry-traps");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void spring(Class<?> trap) {
        try {
            Files.writeString(TRAPS.resolve(trap.getName()), "initialized");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static boolean sprung(Class<?> trap) {
        return Files.exists(TRAPS.resolve(trap.getName()));
    }

    /** The kind the registries below make. */
    public interface Shape {
        double area();
    }

    /** A built-in, registered by name. */
    public record Circle(double r) implements Shape {
        public double area() {
            return Math.PI * r * r;
        }

        public static Circle fromConfig(Map<String, Object> config) {
            return new Circle(new ConfigMap("Circle", config).number("r"));
        }
    }

    /** A user's type, loaded once registered. */
    public record Square(double side) implements Shape {
        public double area() {
            return side * side;
        }

        public static Square fromConfig(Map<String, Object> config) {
            return new Square(new ConfigMap("Square", config).number("side"));
        }
    }

    /** Not a Shape; initializing it writes a file. */
    public static final class NotAShape {
        static {
            spring(NotAShape.class);
        }

        public static Shape fromConfig(Map<String, Object> config) {
            return new Circle(1);
        }
    }

    /** A Shape without the factory method; initializing it writes a file. */
    public static final class ShapeWithoutFactory implements Shape {
        static {
            spring(ShapeWithoutFactory.class);
        }

        public double area() {
            return 0;
        }

        public static Shape fromConfig(String config) {
            return new Circle(1);
        }
    }

    /** A Shape that passes every check; initializing it writes a file, as the control that the traps work. */
    public static final class CheckedShape implements Shape {
        static {
            spring(CheckedShape.class);
        }

        public double area() {
            return 2;
        }

        public static CheckedShape fromConfig(Map<String, Object> config) {
            return new CheckedShape();
        }
    }

    private static ConfigRegistry<Map<String, Object>, Shape> shapes() {
        return new ConfigRegistry<Map<String, Object>, Shape>("shape", Shape.class, "fromConfig", Map.class, "Shapes.registry()")
                .register("Circle", Circle.class, Circle::fromConfig);
    }

    @Test
    void registeredNamesAndClassNamesMakeTheirType() {
        var shapes = shapes();
        assertEquals(new Circle(2), shapes.create("shape 'c'", "Circle", null, Map.of("r", 2)));
        assertEquals(new Circle(3), shapes.create("shape 'c'", "Circle", Circle.class.getName(), Map.of("r", 3)));
        assertTrue(shapes.has("Circle"));
        assertEquals(List.of("Circle"), shapes.names());
    }

    @Test
    void usersRegisterTheirOwnTypes() {
        var shapes = shapes();
        shapes.register("Square", Square.class, c -> new Square(((Number) c.get("side")).doubleValue() * 10));
        assertEquals(new Square(20), shapes.create("shape 's'", "Square", null, Map.of("side", 2)));
        // A file naming the class goes to the registered factory too, not to the class's own method.
        assertEquals(new Square(20), shapes.create("shape 's'", "Square", Square.class.getName(), Map.of("side", 2)));
        assertEquals(List.of("Circle", "Square"), shapes.names());

        shapes.register("Square", Square.class, Square::fromConfig);   // the same class again: replaced
        assertEquals(new Square(2), shapes.create("shape 's'", "Square", null, Map.of("side", 2)));
        var taken = assertThrows(IllegalArgumentException.class, () -> shapes.register("Circle", Square.class, Square::fromConfig));
        assertEquals("Shapes.registry().register: the shape name 'Circle' is taken by " + Circle.class.getName()
                + "; register " + Square.class.getName() + " under another name", taken.getMessage());
        var twice = assertThrows(IllegalArgumentException.class, () -> shapes.register("Quad", Square.class, Square::fromConfig));
        assertTrue(twice.getMessage().contains("already registered as 'Square'"), twice.getMessage());
        assertThrows(IllegalArgumentException.class, () -> shapes.register(" ", Square.class, Square::fromConfig));
    }

    @Test
    void aClassAFileNamesIsNeverLookedUpNorInitialized() {
        // CheckedShape is a Shape with the right factory: a file naming it is still refused until it is registered.
        var e = assertThrows(IllegalArgumentException.class,
                () -> shapes().create("shape 'x'", "CheckedShape", CheckedShape.class.getName(), Map.of()));
        assertEquals("shape 'x': unknown shape class '" + CheckedShape.class.getName() + "'; the known shapes are [Circle];"
                + " Fathom loads only registered types, so for a shape of your own, call Shapes.registry().register("
                + "\"CheckedShape\", ConfigRegistryTest.CheckedShape.class, ConfigRegistryTest.CheckedShape::fromConfig)"
                + " before loading", e.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> shapes().create("shape 'n'", "NotAShape", NotAShape.class.getName(), Map.of()));
        assertThrows(IllegalArgumentException.class,
                () -> shapes().create("shape 'w'", "ShapeWithoutFactory", ShapeWithoutFactory.class.getName(), Map.of()));
        assertFalse(sprung(CheckedShape.class), "CheckedShape's static initializer ran");
        assertFalse(sprung(NotAShape.class), "NotAShape's static initializer ran");
        assertFalse(sprung(ShapeWithoutFactory.class), "ShapeWithoutFactory's static initializer ran");

        // Registered, the same class loads through its factory: the traps work.
        var shapes = shapes().register("CheckedShape", CheckedShape.class, CheckedShape::fromConfig);
        assertInstanceOf(CheckedShape.class, shapes.create("shape 'x'", "CheckedShape", CheckedShape.class.getName(), Map.of()));
        assertTrue(sprung(CheckedShape.class), "calling its factory initializes it");
    }

    @Test
    void aRegisteredNameWithAnUnregisteredClassIsRefused() {
        // A file that pairs a known name with a class of its choosing gets neither.
        var e = assertThrows(IllegalArgumentException.class,
                () -> shapes().create("shape 'c'", "Circle", "com.example.Evil", Map.of("r", 1)));
        assertTrue(e.getMessage().startsWith("shape 'c': unknown shape class 'com.example.Evil'; the known shapes are [Circle]"),
                e.getMessage());
    }

    @Test
    void errorsNameTheEntryAndTheFix() {
        var unknown = assertThrows(IllegalArgumentException.class, () -> shapes().create("shape 't'", "Triangle", null, Map.of()));
        assertEquals("shape 't': unknown shape 'Triangle'; the known shapes are [Circle]; Fathom loads only registered types,"
                + " so for a shape of your own, call"
                + " Shapes.registry().register(\"Triangle\", Triangle.class, Triangle::fromConfig) before loading",
                unknown.getMessage());
        var wrongCase = assertThrows(IllegalArgumentException.class, () -> shapes().create("shape 'c'", "circle", null, Map.of()));
        assertTrue(wrongCase.getMessage().contains("unknown shape 'circle' (did you mean 'Circle'?)"), wrongCase.getMessage());
        var missing = assertThrows(IllegalArgumentException.class,
                () -> shapes().create("shape 'h'", "Hexagon", "com.example.Hexagon", Map.of()));
        assertEquals("shape 'h': unknown shape class 'com.example.Hexagon'; the known shapes are [Circle]; Fathom loads only"
                + " registered types, so for a shape of your own, call Shapes.registry().register(\"Hexagon\", Hexagon.class,"
                + " Hexagon::fromConfig) before loading", missing.getMessage());
    }

    @Test
    void theFactorysOwnErrorsComeOutUnchanged() {
        var registered = assertThrows(IllegalArgumentException.class, () -> shapes().create("shape 'c'", "Circle", null, Map.of()));
        var byClass = assertThrows(IllegalArgumentException.class, () -> shapes()
                .register("Square", Square.class, Square::fromConfig).create("shape 's'", "Square", Square.class.getName(), Map.of()));
        assertTrue(registered.getMessage().startsWith("Circle config: 'r' is missing"), registered.getMessage());
        assertTrue(byClass.getMessage().startsWith("Square config: 'side' is missing"), byClass.getMessage());
        assertSame(IllegalArgumentException.class, byClass.getClass());
    }
}
