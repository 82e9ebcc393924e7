package io.socketwatch.agent.instrument;


/** One instrumented method: its name and parameter types, the code woven into it, and what is lost without it. */
public final class Hook {

    final String method;
    /** The parameter descriptor, e.g. "([BII)"; null for every overload of {@link #method}. */
    private final String parameterDescriptor;
    final HookKind kind;
    final String observes;
    final int sinceFeature;
    final int untilFeature;

    private Hook(String method, String parameterDescriptor, HookKind kind, String observes, int sinceFeature,
                 int untilFeature) {
        this.method = method;
        this.parameterDescriptor = parameterDescriptor;
        this.kind = kind;
        this.observes = observes;
        this.sinceFeature = sinceFeature;
        this.untilFeature = untilFeature;
    }

    static Hook of(String method, HookKind kind, String observes, Class<?>... parameters) {
        StringBuilder descriptor = new StringBuilder("(");
        for (Class<?> parameter : parameters) {
            descriptor.append(org.objectweb.asm.Type.getDescriptor(parameter));
        }
        return new Hook(method, descriptor.append(')').toString(), kind, observes, 0, Integer.MAX_VALUE);
    }

    /**
     * A method whose parameter types the agent cannot name as classes (package-private JDK types such as
     * sun.security.ssl.Alert): {@code parameterDescriptor} is written out, e.g. "(Lsun/security/ssl/Alert;Z)".
     */
    static Hook ofDescriptor(String method, HookKind kind, String observes, String parameterDescriptor) {
        return new Hook(method, parameterDescriptor, kind, observes, 0, Integer.MAX_VALUE);
    }

    /**
     * Every overload of {@code method} whatever its parameters: for a JDK constructor whose parameter list changed
     * between releases while the hook needs only {@code this} (JDK 11's MultiExchange took an AccessControlContext).
     */
    static Hook anyParameters(String method, HookKind kind, String observes) {
        return new Hook(method, null, kind, observes, 0, Integer.MAX_VALUE);
    }

    /** The JDK feature release that introduced this method; on older releases its absence is expected. */
    Hook since(int feature) {
        return new Hook(method, parameterDescriptor, kind, observes, feature, untilFeature);
    }

    /** The last JDK feature release with this method; on newer releases its absence is expected. */
    Hook until(int feature) {
        return new Hook(method, parameterDescriptor, kind, observes, sinceFeature, feature);
    }

    /** True if this JDK feature release is expected to have the method. */
    boolean expectedOn(int feature) {
        return feature >= sinceFeature && feature <= untilFeature;
    }

    @Override
    public String toString() {
        if (parameterDescriptor == null) {
            return method + "(..)";
        }
        StringBuilder s = new StringBuilder(method).append('(');
        org.objectweb.asm.Type[] types = org.objectweb.asm.Type.getArgumentTypes(parameterDescriptor + "V");
        for (int i = 0; i < types.length; i++) {
            String name = types[i].getClassName();
            s.append(i == 0 ? "" : ",").append(name.substring(name.lastIndexOf('.') + 1));
        }
        return s.append(')').toString();
    }

    /** Name and parameter descriptor, e.g. "read([BII)": the key the weaver matches methods by. */
    String key() {
        return parameterDescriptor == null ? anyParametersKey(method) : method + parameterDescriptor;
    }

    /** The key of a hook on every overload of {@code method}. */
    static String anyParametersKey(String method) {
        return method + "(*)";
    }
}
