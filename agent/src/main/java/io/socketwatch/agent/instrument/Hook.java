package io.socketwatch.agent.instrument;

import java.util.Arrays;

/** One instrumented method: its name and parameter types, the advice it gets, and what is lost without it. */
public final class Hook {

    final String method;
    final Class<?>[] parameters;
    final Class<?> advice;
    final String observes;
    final int sinceFeature;

    private Hook(String method, Class<?>[] parameters, Class<?> advice, String observes, int sinceFeature) {
        this.method = method;
        this.parameters = parameters;
        this.advice = advice;
        this.observes = observes;
        this.sinceFeature = sinceFeature;
    }

    static Hook of(String method, Class<?> advice, String observes, Class<?>... parameters) {
        return new Hook(method, parameters, advice, observes, 0);
    }

    /** The JDK feature release that introduced this method; on older releases its absence is expected. */
    Hook since(int feature) {
        return new Hook(method, parameters, advice, observes, feature);
    }

    @Override
    public String toString() {
        StringBuilder s = new StringBuilder(method).append('(');
        for (int i = 0; i < parameters.length; i++) {
            s.append(i == 0 ? "" : ",").append(parameters[i].getSimpleName());
        }
        return s.append(')').toString();
    }

    boolean matches(java.lang.reflect.Method m) {
        return m.getName().equals(method) && Arrays.equals(m.getParameterTypes(), parameters);
    }
}
