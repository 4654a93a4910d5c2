package dev.gpumagics.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import dev.gpumagics.maven.RepositoryServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sonatype.plexus.components.cipher.DefaultPlexusCipher;

/**
 * {@code %maven} in the installed kernel, through a real Jupyter client, for a user behind a company's repository: a
 * real HTTP repository on loopback that refuses requests without credentials, a mirror of {@code *} to it and an
 * encrypted password in that user's ~/.m2 (a home of the test's own, given to the kernel's JVM as {@code user.home}:
 * the real ~/.m2 is never read). The same user without the {@code <server>} gets one line that says what is missing.
 */
class MavenSettingsIT {

    private static final String WITH_CREDENTIALS = "gpumagics-maven-it";
    private static final String WITHOUT_CREDENTIALS = "gpumagics-maven-nocreds-it";
    private static final String CELLS = "{\"maven\": \"%maven " + RepositoryServer.COORDINATES + "\", \"hello\": \"fixture.Greeting.hello()\"}";

    @TempDir
    static Path work;
    static RepositoryServer company;
    static JsonObject withCredentials;
    static JsonObject withoutCredentials;

    @BeforeAll
    static void runSessions() throws Exception {
        Jupyter jupyter = Jupyter.install(work);
        company = RepositoryServer.repository(Files.createDirectories(work.resolve("company")), "alice", "s3cret");
        DefaultPlexusCipher cipher = new DefaultPlexusCipher(); // as mvn --encrypt-master-password and --encrypt-password
        String master = "the master password";
        String mirror = "<mirrors><mirror><id>company</id><mirrorOf>*</mirrorOf><url>" + company.url() + "</url></mirror></mirrors>";
        Path home = mavenHome("home", mirror + "<servers><server><id>company</id><username>alice</username><password>"
                + cipher.encryptAndDecorate("s3cret", master) + "</password></server></servers>");
        Files.writeString(home.resolve(".m2/settings-security.xml"), "<settingsSecurity><master>"
                + cipher.encryptAndDecorate(master, "settings.security") + "</master></settingsSecurity>\n");
        Path bare = mavenHome("home-without-server", mirror);
        for (Map.Entry<String, Path> kernel : Map.of(WITH_CREDENTIALS, home, WITHOUT_CREDENTIALS, bare).entrySet()) {
            Jupyter.Result installed = jupyter.java(work, "install", "--user", "--name", kernel.getKey(), "--display-name", kernel.getKey(),
                    "--env", "JAVA_TOOL_OPTIONS=-Duser.home=" + kernel.getValue());
            assertEquals(0, installed.exit(), installed.toString());
        }
        withCredentials = jupyter.python(work, "cells_session.py", WITH_CREDENTIALS, CELLS).getAsJsonObject();
        withoutCredentials = jupyter.python(work, "cells_session.py", WITHOUT_CREDENTIALS, CELLS).getAsJsonObject();
    }

    @AfterAll
    static void stopServer() {
        if (company != null) {
            company.close();
        }
    }

    private static Path mavenHome(String name, String settings) throws Exception {
        Path home = Files.createDirectories(work.resolve(name));
        Files.createDirectories(home.resolve(".m2"));
        Files.writeString(home.resolve(".m2/settings.xml"), "<settings>" + settings + "</settings>\n");
        return home;
    }

    private static JsonArray outputs(JsonObject session, String cell) {
        return session.getAsJsonObject(cell).getAsJsonArray("outputs");
    }

    @Test
    void throughTheMirrorWithItsEncryptedPasswordTheJarLoads() {
        assertEquals("%maven: 1 jar added for " + RepositoryServer.COORDINATES,
                outputs(withCredentials, "maven").get(0).getAsJsonObject().get("text").getAsString(), withCredentials.toString());
        assertEquals(RepositoryServer.GREETING, outputs(withCredentials, "hello").get(0).getAsJsonObject().get("text").getAsString());
        assertTrue(Files.isRegularFile(work.resolve("home/.m2/repository/dev/gpumagics/fixture/greeting/1.0/greeting-1.0.jar")),
                "downloaded into that user's local repository");
    }

    @Test
    void withoutTheServerTheSameCellFailsWithOneLine() {
        JsonObject error = outputs(withoutCredentials, "maven").get(0).getAsJsonObject();
        assertEquals("error", error.get("type").getAsString(), withoutCredentials.toString());
        JsonArray traceback = error.getAsJsonArray("traceback");
        assertEquals(1, traceback.size(), traceback.toString());
        assertEquals("cannot resolve dev.gpumagics.fixture:greeting:jar:1.0: the repository company (" + company.url()
                + ") refused it without credentials (HTTP 401); give Maven its credentials in a <server> with the id company in your"
                + " settings.xml", traceback.get(0).getAsString());
        assertEquals("error", withoutCredentials.getAsJsonObject("hello").get("status").getAsString(), "nothing was added");
        assertFalse(Files.exists(work.resolve("home-without-server/.m2/repository/dev/gpumagics/fixture/greeting/1.0/greeting-1.0.jar")));
    }
}
