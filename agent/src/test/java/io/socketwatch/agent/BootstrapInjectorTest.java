package io.socketwatch.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.socketwatch.agent.bootstrap.Bridge;
import io.socketwatch.agent.bootstrap.OutOfLine;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * A bootstrap class left out of the injector's list would be loaded by the application class loader for the agent,
 * and be missing for the JDK code woven to call it: a NoClassDefFoundError in the application's own read or write.
 */
class BootstrapInjectorTest {

    @Test
    void everyClassTheBridgeCanReachIsDefinedInTheBootstrapLoader() throws Exception {
        Path compiled = Paths.get(Bridge.class.getResource("Bridge.class").toURI()).getParent();
        Set<String> inPackage;
        try (Stream<Path> files = Files.list(compiled)) {
            inPackage = files.map(file -> file.getFileName().toString())
                    .filter(name -> name.endsWith(".class"))
                    .map(name -> Bridge.class.getPackageName() + "." + name.substring(0, name.length() - 6))
                    .filter(name -> !name.equals(OutOfLine.class.getName()))
                    .collect(Collectors.toCollection(TreeSet::new));
        }
        assertEquals(inPackage, new TreeSet<>(Set.of(BootstrapInjector.BOOTSTRAP_CLASSES)));
    }
}
