package io.socketwatch.agent.bootstrap;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a bridge entry point that the JIT must call, not inline, into the JDK method woven with it. The agent turns
 * this mark into the JDK's own {@code jdk.internal.vm.annotation.DontInline} when it defines the bridge in the
 * bootstrap class loader (which HotSpot trusts with that annotation); see {@code BridgeInlining}.
 *
 * <p>Why: inlined, the handler's work (then a ledger lookup in a ConcurrentHashMap and the field writes) made the
 * compiled SocketChannelImpl.read and write larger than C2's InlineSmallCode, so C2 no longer inlined them into a
 * hot caller ("already compiled into a big method" in -XX:+PrintInlining), as it does without the agent. Called
 * out of line, the woven code compiles to one direct call. The later, smaller fast path (TrafficIndex) measured no
 * better inlined either (CPU per echo round trip 0.996 +-0.007 against out of line, 10 pairs).
 */
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.METHOD)
public @interface OutOfLine {
}
