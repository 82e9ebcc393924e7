package io.socketwatch.agent.ledger;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** tls.protocol.version as OpenTelemetry writes it, from sun.security.ssl.ProtocolVersion's names. */
class TlsProbeTest {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(value = {"TLSv1.3,1.3", "TLSv1.2,1.2", "TLSv1.1,1.1", "TLSv1,1", "SSLv3,3", "DTLSv1.2,1.2",
            "NONE,null", "SSLv2Hello,null"}, nullValues = "null")
    void otelVersion(String jdkName, String expected) {
        assertEquals(expected, TlsProbe.otelVersion(jdkName));
    }
}
