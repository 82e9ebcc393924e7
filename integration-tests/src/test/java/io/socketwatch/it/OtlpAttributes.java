package io.socketwatch.it;

import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * OTLP attributes as plain Java values, so tests compare with {@code Map.of("error.type", "connection_reset")}:
 * string -> String, bool -> Boolean, int -> Long, double -> Double, array -> List, kvlist -> Map, bytes -> ByteString.
 */
public final class OtlpAttributes {

    private OtlpAttributes() {
    }

    public static Map<String, Object> toMap(List<KeyValue> attributes) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (KeyValue kv : attributes) {
            map.put(kv.getKey(), toJava(kv.getValue()));
        }
        return map;
    }

    public static Object toJava(AnyValue value) {
        switch (value.getValueCase()) {
            case STRING_VALUE:
                return value.getStringValue();
            case BOOL_VALUE:
                return value.getBoolValue();
            case INT_VALUE:
                return value.getIntValue();
            case DOUBLE_VALUE:
                return value.getDoubleValue();
            case BYTES_VALUE:
                return value.getBytesValue();
            case ARRAY_VALUE: {
                List<Object> list = new ArrayList<>();
                value.getArrayValue().getValuesList().forEach(v -> list.add(toJava(v)));
                return list;
            }
            case KVLIST_VALUE:
                return toMap(value.getKvlistValue().getValuesList());
            default:
                return null;
        }
    }

    /** A test's expected attributes with Integer/Short/Byte widened to Long and Float to Double, as OTLP carries them. */
    public static Map<String, Object> normalize(Map<String, ?> expected) {
        Map<String, Object> map = new LinkedHashMap<>();
        expected.forEach((k, v) -> map.put(k, normalizeValue(v)));
        return map;
    }

    private static Object normalizeValue(Object v) {
        if (v instanceof Integer || v instanceof Short || v instanceof Byte) {
            return ((Number) v).longValue();
        }
        if (v instanceof Float) {
            return ((Float) v).doubleValue();
        }
        if (v instanceof List) {
            List<Object> list = new ArrayList<>();
            ((List<?>) v).forEach(e -> list.add(normalizeValue(e)));
            return list;
        }
        return v;
    }

    /** The attribute with {@code key}, checked to be of {@code type}; null if absent. */
    static <T> T typed(List<KeyValue> attributes, String key, Class<T> type, String owner) {
        for (KeyValue kv : attributes) {
            if (kv.getKey().equals(key)) {
                Object value = toJava(kv.getValue());
                if (!type.isInstance(value)) {
                    throw new AssertionError(owner + ": attribute " + key + " is " + kv.getValue().getValueCase()
                            + " (" + value + "), not " + type.getSimpleName());
                }
                return type.cast(value);
            }
        }
        return null;
    }
}
