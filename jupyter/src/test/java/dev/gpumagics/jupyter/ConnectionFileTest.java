package dev.gpumagics.jupyter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class ConnectionFileTest {

    @Test
    void readsWhatJupyterWrites() {
        ConnectionFile file = ConnectionFile.parse("""
                {"shell_port": 5001, "iopub_port": 5002, "stdin_port": 5003, "control_port": 5004, "hb_port": 5005,
                 "ip": "127.0.0.1", "key": "a0b1", "transport": "tcp", "signature_scheme": "hmac-sha256",
                 "kernel_name": "gpumagics-java"}""");
        assertEquals(5001, file.shellPort());
        assertEquals(5005, file.hbPort());
        assertEquals("a0b1", file.key());
        assertEquals("tcp://127.0.0.1:5004", file.endpoint(file.controlPort()));
        assertEquals("tcp://127.0.0.1:*", file.endpoint(0), "port 0: whichever the system gives at bind");
    }

    @Test
    void saysWhatIsWrong() {
        assertEquals("no shell_port number", assertThrows(IllegalArgumentException.class,
                () -> ConnectionFile.parse("{\"ip\": \"127.0.0.1\"}")).getMessage());
        assertEquals("not a JSON object", assertThrows(IllegalArgumentException.class, () -> ConnectionFile.parse("[]")).getMessage());
        assertThrows(IllegalArgumentException.class, () -> ConnectionFile.parse("{\"shell_port\": 70000}"));
    }
}
