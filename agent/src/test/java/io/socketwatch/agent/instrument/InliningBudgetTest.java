package io.socketwatch.agent.instrument;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.objectweb.asm.ClassReader;

/**
 * The woven read and write methods of the JDK's socket classes stay small enough for C2 to inline them into a hot
 * caller, as it does without the agent: C2 inlines a hot method only up to FreqInlineSize (325) bytes of bytecode
 * (HotSpot's c2_globals.hpp, the same on JDK 11 to 25). JDK 17's SocketChannelImpl.read(ByteBuffer) has 314, so the
 * hooks may add at most 11 bytes to it: one count after IOStatus.normalize and a five-byte handler. Checked on the
 * class files of the JDK running the test and of JDK 25 (its image read through the jrt file system).
 */
class InliningBudgetTest {

    /** C2's default FreqInlineSize. */
    static final int FREQ_INLINE_SIZE = 325;
    static final Path JDK25 = Paths.get(System.getProperty("socketwatch.jdk25.home",
            "/usr/lib/jvm/temurin-25-jdk-amd64"));

    @Test
    void wovenReadsAndWritesStayInlinableOnThisJdk() throws Exception {
        assertInlinable(Runtime.version().feature(), this::runningJdkClass);
    }

    @Test
    void wovenReadsAndWritesStayInlinableOnJdk25() throws Exception {
        Assumptions.assumeTrue(Files.isDirectory(JDK25.resolve("lib")), "no JDK 25 at " + JDK25);
        try (FileSystem image = FileSystems.newFileSystem(URI.create("jrt:/"), Map.of("java.home", JDK25.toString()))) {
            assertInlinable(25, className -> Files.readAllBytes(image.getPath("modules", "java.base",
                    className.replace('.', '/') + ".class")));
        }
    }

    @Test
    void onThisJdkSocketChannelReadCountsOnceAfterNormalize() throws Exception {
        Assumptions.assumeTrue(Runtime.version().feature() < 25, "JDK 25's read is a wrapper without normalize");
        byte[] woven = HookWeaver.weave(runningJdkClass("sun.nio.ch.SocketChannelImpl"),
                JdkTargets.socketChannelImpl().hookKinds()).classFile;
        Map<String, Integer> counts = bridgeCalls(woven, "readReturned");
        assertEquals(1, counts.get("read(Ljava/nio/ByteBuffer;)"), counts.toString());
        assertEquals(1, bridgeCalls(woven, "writeReturned").get("write(Ljava/nio/ByteBuffer;)"));
    }

    private interface ClassFiles {
        byte[] read(String className) throws IOException;
    }

    private static void assertInlinable(int feature, ClassFiles jdk) throws IOException {
        List<JdkTarget> targets = new ArrayList<>(List.of(JdkTargets.socketChannelImpl()));
        if (feature >= 13) {
            targets.add(JdkTargets.nioSocketImpl());
        }
        List<String> checked = new ArrayList<>();
        for (JdkTarget target : targets) {
            byte[] original = jdk.read(target.className);
            HookWeaver.Woven woven = HookWeaver.weave(original, target.hookKinds());
            Map<String, Integer> before = codeLengths(original);
            Map<String, Integer> after = codeLengths(woven.classFile);
            for (Hook hook : target.hooks) {
                if (!hook.kind.countsReturn()) {
                    continue;
                }
                for (Map.Entry<String, Integer> method : before.entrySet()) {
                    String key = method.getKey();
                    if (!key.equals(hook.key()) || !woven.methods.contains(key)) {
                        continue;
                    }
                    String what = "JDK " + feature + " " + target.className + "." + key + ": " + method.getValue()
                            + " bytes, woven " + after.get(key);
                    checked.add(what);
                    if (method.getValue() <= FREQ_INLINE_SIZE) {
                        assertTrue(after.get(key) <= FREQ_INLINE_SIZE, what + " > FreqInlineSize " + FREQ_INLINE_SIZE);
                    }
                }
            }
        }
        assertTrue(checked.size() >= 4, "read and write methods checked: " + checked);
        System.out.println(String.join("\n", checked));
    }

    private byte[] runningJdkClass(String className) throws IOException {
        try (InputStream in = Object.class.getResourceAsStream("/" + className.replace('.', '/') + ".class")) {
            return in.readAllBytes();
        }
    }

    /** Bytes of bytecode per method ({@link Hook#key()}): the code_length of each Code attribute (JVMS 4.7.3). */
    static Map<String, Integer> codeLengths(byte[] classFile) {
        ClassReader reader = new ClassReader(classFile);
        char[] buffer = new char[reader.getMaxStringLength()];
        int offset = reader.header + 6; // access_flags, this_class, super_class
        offset += 2 + 2 * reader.readUnsignedShort(offset); // interfaces
        int fields = reader.readUnsignedShort(offset);
        offset += 2;
        for (int i = 0; i < fields; i++) {
            offset = skipAttributes(reader, offset + 6);
        }
        Map<String, Integer> lengths = new HashMap<>();
        int methods = reader.readUnsignedShort(offset);
        offset += 2;
        for (int i = 0; i < methods; i++) {
            String name = reader.readUTF8(offset + 2, buffer);
            String descriptor = reader.readUTF8(offset + 4, buffer);
            int attributes = reader.readUnsignedShort(offset + 6);
            offset += 8;
            for (int a = 0; a < attributes; a++) {
                if (reader.readUTF8(offset, buffer).equals("Code")) {
                    // attribute_name_index, attribute_length, max_stack, max_locals, then code_length
                    lengths.put(name + descriptor.substring(0, descriptor.indexOf(')') + 1), reader.readInt(offset + 10));
                }
                offset += 6 + reader.readInt(offset + 2);
            }
        }
        return lengths;
    }

    private static int skipAttributes(ClassReader reader, int offset) {
        int attributes = reader.readUnsignedShort(offset);
        offset += 2;
        for (int a = 0; a < attributes; a++) {
            offset += 6 + reader.readInt(offset + 2);
        }
        return offset;
    }

    /** Calls of Bridge.{@code method} per method of the class. */
    static Map<String, Integer> bridgeCalls(byte[] classFile, String method) {
        return CallSites.count(new ClassReader(classFile), (caller, opcode, owner, callee, descriptor) ->
                owner.equals(HookKind.BRIDGE) && callee.equals(method) ? 1 : 0);
    }
}
