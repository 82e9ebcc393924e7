package io.socketwatch.agent.instrument;


/** One instrumented method: its name and parameter types, the code woven into it, and what is lost without it. */
public final class Hook {

    final String method;
    final Class<?>[] parameters;
    final HookKind kind;
    final String observes;
    final int sinceFeature;
    final int untilFeature;

    private Hook(String method, Class<?>[] parameters, HookKind kind, String observes, int sinceFeature,
                 int untilFeature) {
        this.method = method;
        this.parameters = parameters;
        this.kind = kind;
        this.observes = observes;
        this.sinceFeature = sinceFeature;
        this.untilFeature = untilFeature;
    }

    static Hook of(String method, HookKind kind, String observes, Class<?>... parameters) {
        return new Hook(method, parameters, kind, observes, 0, Integer.MAX_VALUE);
    }

    /** The JDK feature release that introduced this method; on older releases its absence is expected. */
    Hook since(int feature) {
        return new Hook(method, parameters, kind, observes, feature, untilFeature);
    }

    /** The last JDK feature release with this method; on newer releases its absence is expected. */
    Hook until(int feature) {
        return new Hook(method, parameters, kind, observes, sinceFeature, feature);
    }

    /** True if this JDK feature release is expected to have the method. */
    boolean expectedOn(int feature) {
        return feature >= sinceFeature && feature <= untilFeature;
    }

    @Override
    public String toString() {
        StringBuilder s = new StringBuilder(method).append('(');
        for (int i = 0; i < parameters.length; i++) {
            s.append(i == 0 ? "" : ",").append(parameters[i].getSimpleName());
        }
        return s.append(')').toString();
    }

    /** Name and parameter descriptor, e.g. "read([BII)": the key the weaver matches methods by. */
    String key() {
        StringBuilder key = new StringBuilder(method).append('(');
        for (Class<?> parameter : parameters) {
            key.append(org.objectweb.asm.Type.getDescriptor(parameter));
        }
        return key.append(')').toString();
    }
}
