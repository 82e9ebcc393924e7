package io.socketwatch.agent.instrument;


/** One instrumented method: its name and parameter types, the code woven into it, and what is lost without it. */
public final class Hook {

    final String method;
    final Class<?>[] parameters;
    final HookKind kind;
    final String observes;
    final int sinceFeature;

    private Hook(String method, Class<?>[] parameters, HookKind kind, String observes, int sinceFeature) {
        this.method = method;
        this.parameters = parameters;
        this.kind = kind;
        this.observes = observes;
        this.sinceFeature = sinceFeature;
    }

    static Hook of(String method, HookKind kind, String observes, Class<?>... parameters) {
        return new Hook(method, parameters, kind, observes, 0);
    }

    /** The JDK feature release that introduced this method; on older releases its absence is expected. */
    Hook since(int feature) {
        return new Hook(method, parameters, kind, observes, feature);
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
